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
