//! `icigraph shell` on a terminal: keys typed into a pseudo-terminal (made by
//! util-linux `script`), checking completion, Emacs keys, Ctrl-C, multi-line
//! statements, Ctrl-D and the history file.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// rustyline turns bracketed paste on each time it starts reading a line:
/// the sign that the shell waits for keys (the prompt itself is redrawn
/// with every key).
const READY: &str = "\x1b[?2004h";

fn script_available() -> bool {
    Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Everything the terminal showed so far, shared with a reader thread.
struct Screen(Arc<Mutex<Vec<u8>>>);

impl Screen {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// Waits until the shell has asked for its `n`th line.
    fn wait_for_prompts(&self, n: usize) {
        let start = Instant::now();
        while self.text().matches(READY).count() < n {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "prompt {n} never came; the screen shows:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn a_terminal_session_edits_completes_and_keeps_history() {
    if !script_available() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let history = home.path().join("data").join("history.txt");
    let shell = format!(
        "{} --data tests/fixtures/mini shell",
        assert_cmd::cargo::cargo_bin("icigraph").display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &shell, "/dev/null"])
        .env("ICIGRAPH_HISTORY", &history)
        .env("TERM", "xterm")
        .env_remove("ICIGRAPH_DATA")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let screen = Screen(Arc::default());
    let shared = Arc::clone(&screen.0);
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            shared.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let mut keys = child.stdin.take().unwrap();
    let mut type_keys = |text: &str| {
        keys.write_all(text.as_bytes()).unwrap();
        keys.flush().unwrap();
    };

    screen.wait_for_prompts(1);
    // Tab completes a Greek name from its Latin spelling.
    type_keys(":node beta2m lo\t\r");
    screen.wait_for_prompts(2);
    // Ctrl-C drops the typed text; nothing runs.
    type_keys("this is never run\x03");
    screen.wait_for_prompts(3);
    // A statement without its ; goes on to the next line.
    type_keys("MATCH (n)\rRETURN n.name;\r");
    screen.wait_for_prompts(4);
    // Ctrl-A goes to the start of the line (Emacs keys).
    type_keys("format json\x01:\r");
    screen.wait_for_prompts(5);
    // Ctrl-D on an empty line leaves.
    type_keys("\x04");
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let text = screen.text();
    assert!(status.success(), "{text}");
    assert!(
        text.contains("β2M loss [Mechanism]  ici:b2m_loss"),
        "{text}"
    );
    assert!(text.contains("format: json"), "{text}");
    assert!(!text.contains("no node is named"), "{text}");

    let saved = std::fs::read_to_string(&history).unwrap();
    let entries: Vec<&str> = saved.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        entries,
        [
            ":node β2M loss",
            "MATCH (n)\\nRETURN n.name;",
            ":format json"
        ],
        "{saved}"
    );
}
