#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| icigraph_fuzz::snapshot(data));
