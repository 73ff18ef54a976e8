//! Helpers shared by integration tests.

/// A small deterministic generator for seeded random test graphs (no extra
/// dependency for a test).
pub struct Lcg(pub u64);

impl Lcg {
    /// The next value in `0..n`.
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

use std::io::Write;

use assert_cmd::Command;
use predicates::str::contains;

/// The binary under test, with no graph chosen by the environment.
pub fn icigraph() -> Command {
    let mut cmd = Command::cargo_bin("icigraph").expect("the binary builds");
    cmd.env_remove("ICIGRAPH_DATA");
    cmd
}

/// One run of the binary and what it must print, checked by `run`:
/// `Test::new().args(["query", "RETURN 1"]).stderr_has("…").exit(1).run()`.
pub struct Test {
    cmd: Command,
    stdout: Vec<String>,
    stderr: Vec<String>,
    code: i32,
}

impl Test {
    pub fn new() -> Test {
        Test {
            cmd: icigraph(),
            stdout: Vec::new(),
            stderr: Vec::new(),
            code: 0,
        }
    }

    pub fn args<I, S>(mut self, args: I) -> Test
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.cmd.args(args);
        self
    }

    /// Standard output must contain `text`.
    pub fn stdout_has(mut self, text: &str) -> Test {
        self.stdout.push(text.to_owned());
        self
    }

    /// Standard error must contain `text`.
    pub fn stderr_has(mut self, text: &str) -> Test {
        self.stderr.push(text.to_owned());
        self
    }

    /// The exit status (0 unless set).
    pub fn exit(mut self, code: i32) -> Test {
        self.code = code;
        self
    }

    /// Runs the binary and checks everything asked for; returns its
    /// standard output.
    pub fn run(mut self) -> String {
        let mut assert = self.cmd.assert().code(self.code);
        for text in &self.stdout {
            assert = assert.stdout(contains(text.as_str()));
        }
        for text in &self.stderr {
            assert = assert.stderr(contains(text.as_str()));
        }
        String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
    }
}

/// Checks `text` against the golden `tests/snapshots/{area}__{name}.snap`
/// (the names the goldens had when each area was its own test binary).
pub fn assert_golden(area: &str, name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(format!("{area}__{name}"), text));
}

/// The shipped graph, loaded from the data compiled into the engine.
pub fn shipped() -> icigraph_engine::Graph {
    icigraph_engine::load(&icigraph_engine::Source::Embedded)
        .expect("the shipped graph loads without problems")
}

/// The DOT parses back with graphviz-rust and, where Graphviz is installed,
/// `dot -Tsvg` accepts it without a word on stderr.
pub fn assert_valid_dot(text: &str) -> graphviz_rust::dot_structures::Graph {
    let parsed = graphviz_rust::parse(text)
        .unwrap_or_else(|e| panic!("graphviz-rust cannot parse the DOT: {e}\n{text}"));
    if icigraph::render::graphviz_available() {
        let mut child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("dot runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write DOT");
        let out = child.wait_with_output().expect("dot finishes");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "dot failed: {stderr}\n{text}");
        assert!(stderr.trim().is_empty(), "dot complained: {stderr}\n{text}");
    }
    parsed
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A copy of the shipped `graph-data/` in a temporary folder, for tests that
/// break it on purpose.
pub fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-data"),
        dir.path(),
    );
    dir
}
