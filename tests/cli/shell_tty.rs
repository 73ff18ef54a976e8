//! `icigraph shell` on a terminal: keys typed into a pseudo-terminal (made by
//! util-linux `script`), checking completion, Emacs keys, Ctrl-C, multi-line
//! statements, Ctrl-D and the history file; and Ctrl-C (SIGINT) stopping a
//! long statement in the shell and a long `icigraph query`.

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

/// `icigraph shell` (the command line `shell`) on a pseudo-terminal made by
/// `script`, with a thread copying what it shows into a [`Screen`].
struct Terminal {
    child: std::process::Child,
    screen: Arc<Mutex<Vec<u8>>>,
    keys: std::process::ChildStdin,
    reader: std::thread::JoinHandle<()>,
}

impl Terminal {
    fn start(shell: &str, history: &std::path::Path) -> Terminal {
        // `script` runs the command through `$SHELL -c`; `exec` leaves no
        // shell between the pty and icigraph, since a waiting dash takes
        // Ctrl-C too and ends with status 130 once icigraph has left.
        let command = format!("exec {shell}");
        let mut child = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .env("SHELL", "/bin/sh")
            .env("ICIGRAPH_HISTORY", history)
            .env("TERM", "xterm")
            .env_remove("ICIGRAPH_DATA")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let screen: Arc<Mutex<Vec<u8>>> = Arc::default();
        let shared = Arc::clone(&screen);
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
        let keys = child.stdin.take().unwrap();
        Terminal {
            child,
            screen,
            keys,
            reader,
        }
    }

    fn screen(&self) -> Screen {
        Screen(Arc::clone(&self.screen))
    }

    fn type_keys(&mut self, text: &str) {
        self.keys.write_all(text.as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }

    /// Waits for the shell to leave and the reader to drain the screen.
    fn finish(self) -> std::process::ExitStatus {
        let Terminal {
            mut child, reader, ..
        } = self;
        let status = child.wait().unwrap();
        reader.join().unwrap();
        status
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
    let mut term = Terminal::start(&shell, &history);
    let screen = term.screen();
    let mut type_keys = |text: &str| term.type_keys(text);

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
    let status = term.finish();
    let text = screen.text();
    assert!(status.success(), "{status}\n{text}");
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

/// A generated 20k-edge graph, where an unbounded variable-length count with
/// a huge work budget runs for hours.
fn big_graph(dir: &std::path::Path) -> std::path::PathBuf {
    let graph = dir.join("g");
    let status = Command::new(assert_cmd::cargo::cargo_bin("icigraph"))
        .args([
            "generate", "--nodes", "5000", "--edges", "20000", "--seed", "1", "--out",
        ])
        .arg(&graph)
        .env_remove("ICIGRAPH_DATA")
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    graph
}

const ENDLESS: &str = "MATCH ()-[*]-() RETURN count(*)";

/// Ctrl-C during a long statement stops it and returns to the prompt; the
/// session is intact and answers the next statement.
#[test]
fn ctrl_c_stops_a_long_statement_and_the_session_goes_on() {
    if !script_available() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let graph = big_graph(home.path());
    let shell = format!(
        // The timeout only ends the shell's query if this test fails first.
        "{} --data {} shell --max-expansions 100000000000 --timeout 300s",
        assert_cmd::cargo::cargo_bin("icigraph").display(),
        graph.display()
    );
    let mut term = Terminal::start(&shell, &home.path().join("history.txt"));
    let screen = term.screen();
    let mut type_keys = |text: &str| term.type_keys(text);
    screen.wait_for_prompts(1);
    type_keys(&format!("{ENDLESS};\r"));
    std::thread::sleep(Duration::from_millis(1500));
    // Still running: no new prompt yet.
    assert_eq!(screen.text().matches(READY).count(), 1, "{}", screen.text());
    let sent = Instant::now();
    type_keys("\x03");
    screen.wait_for_prompts(2);
    let stopped_in = sent.elapsed();
    // CSV: a table on a terminal of unknown width wraps every cell.
    type_keys(":format csv\r");
    screen.wait_for_prompts(3);
    type_keys("RETURN 40 + 2 AS answer;\r");
    screen.wait_for_prompts(4);
    type_keys("\x04");
    let status = term.finish();
    let text = screen.text();
    assert!(status.success(), "{status}\n{text}");
    assert!(text.contains("the query was cancelled"), "{text}");
    assert!(text.contains("answer\r\n42"), "{text}");
    assert!(
        stopped_in < Duration::from_secs(20),
        "{stopped_in:?}\n{text}"
    );
}

/// `icigraph query` given SIGINT during a long query stops promptly with a
/// message on standard error, exit status 130 and nothing on standard output.
#[test]
fn sigint_stops_a_long_query_with_a_message_and_no_output() {
    let home = tempfile::tempdir().unwrap();
    let graph = big_graph(home.path());
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("icigraph"))
        .arg("--data")
        .arg(&graph)
        .args([
            "query",
            "--max-expansions",
            "100000000000",
            "--timeout",
            "300s",
            ENDLESS,
        ])
        .env_remove("ICIGRAPH_DATA")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the query ended by itself"
    );
    let sent = Instant::now();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    let stopped_in = sent.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(stopped_in < Duration::from_secs(20), "{stopped_in:?}");
}
