//! `icigraph serve`: the JSON API answers with the CLI's `--format json`
//! shapes, and the safety rules hold — foreign Host headers and cross-origin
//! POSTs are refused, no file outside the compiled-in assets is served, body,
//! work and time limits answer 4xx/503 while the server keeps serving, and
//! CREATE needs `--allow-writes`. Each test starts the real binary on a free
//! loopback port and talks raw HTTP to it, so no client library normalises
//! the requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `icigraph [GLOBAL…] serve --port 0 [ARGS…]` and waits for its URL.
fn serve(global: &[&str], args: &[&str]) -> Server {
    let mut child = Command::cargo_bin("icigraph")
        .unwrap()
        .args(global)
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    Server { child, addr }
}

struct Answer {
    status: u16,
    headers: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Server {
    fn host(&self) -> String {
        self.addr.to_string()
    }

    /// One raw request; `target` is sent exactly as given.
    fn raw(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut request = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            request.push_str(&format!("Host: {}\r\n", self.host()));
        }
        for (k, v) in headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() {
            request.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        // A server may answer before reading the whole body (413): ignore a
        // write error then, the answer is what counts.
        let _ = stream.write_all(body);
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {head:?}"));
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_owned()
        };
        Answer {
            status,
            headers: head.to_ascii_lowercase(),
            body,
        }
    }

    fn get(&self, target: &str) -> Answer {
        self.raw("GET", target, &[], b"")
    }

    fn post_json(&self, target: &str, body: &Value) -> Answer {
        self.raw(
            "POST",
            target,
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

/// The CLI's `--format json` answer to the same question.
fn cli_json(args: &[&str]) -> Value {
    let output = Command::cargo_bin("icigraph")
        .unwrap()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{args:?} failed");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[test]
fn the_api_answers_with_the_cli_json_shapes() {
    let server = serve(&[], &[]);
    let node = server.get(&format!("/api/node?name={}", enc("B2M loss")));
    assert_eq!(node.status, 200);
    assert_eq!(node.json(), cli_json(&["node", "B2M loss"]));

    let path = server.get(&format!(
        "/api/path?from={}&to={}&k=2&avoid={}",
        enc("JAK1 loss"),
        enc("anti-CTLA-4"),
        enc("acquired resistance")
    ));
    assert_eq!(path.status, 200, "{}", path.body);
    assert_eq!(
        path.json(),
        cli_json(&[
            "path",
            "JAK1 loss",
            "anti-CTLA-4",
            "--k",
            "2",
            "--avoid",
            "acquired resistance"
        ])
    );

    let strategies = server.get(&format!("/api/strategies?mechanism={}", enc("β2M loss")));
    assert_eq!(strategies.status, 200);
    let json = strategies.json();
    assert_eq!(json, cli_json(&["strategies", "β2M loss"]));
    assert_eq!(
        json["strategies"][0]["strategy"]["name"],
        "cIAP1/2 antagonism"
    );
    assert_eq!(json["strategies"][0]["refs"], serde_json::json!([105]));

    let hood = server.get(&format!(
        "/api/neighbors?name={}&depth=2&predicate=targets",
        enc("PD-1")
    ));
    assert_eq!(hood.status, 200);
    assert_eq!(
        hood.json(),
        cli_json(&[
            "neighbors",
            "PD-1",
            "--depth",
            "2",
            "--predicate",
            "targets"
        ])
    );

    let query = "MATCH (d:Drug)-[:targets]->(:ImmuneCheckpoint {name: $name}) RETURN d.name ORDER BY d.name LIMIT 3";
    let answer = server.post_json(
        "/api/query",
        &serde_json::json!({"query": query, "params": {"name": "PD-1"}}),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["columns"], serde_json::json!(["d.name"]));
    assert_eq!(
        json["rows"],
        cli_json(&["query", query, "--param", "name=PD-1"])
    );

    assert_eq!(server.get("/api/figures").json(), cli_json(&["figures"]));
    assert_eq!(server.get("/api/stats").json(), cli_json(&["stats"]));
}

#[test]
fn search_forgives_and_suggests() {
    let server = serve(&[], &[]);
    let exact = server
        .get(&format!("/api/search?q={}", enc("beta2-microglobulin")))
        .json();
    assert_eq!(exact["matches"][0]["id"], "ici:b2m");
    let typed = server.get(&format!("/api/search?q={}", enc("cIAP"))).json();
    let completions: Vec<&str> = typed["completions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(completions.contains(&"ici:ciap_antagonism"), "{typed}");
    let misspelt = server
        .get(&format!("/api/search?q={}", enc("beta-2 microglobolin")))
        .json();
    assert_eq!(misspelt["matches"], serde_json::json!([]));
    assert_eq!(misspelt["suggestions"][0]["id"], "ici:b2m", "{misspelt}");

    let unknown = server.get(&format!("/api/node?name={}", enc("cIAP antagonsm")));
    assert_eq!(unknown.status, 404);
    let json = unknown.json();
    assert_eq!(json["error"]["kind"], "unknown_name");
    assert_eq!(json["error"]["suggestions"][0]["id"], "ici:ciap_antagonism");
}

#[test]
fn explain_and_profile_return_the_cli_plan() {
    let server = serve(&[], &[]);
    let query = "MATCH (d:Drug)-[:targets]->(k) RETURN k.name AS k, count(*) AS n ORDER BY k";
    let explained = server
        .post_json(
            "/api/query",
            &serde_json::json!({"query": format!("EXPLAIN {query}")}),
        )
        .json();
    assert_eq!(explained["mode"], "explain");
    assert_eq!(explained["rows"], serde_json::json!([]));
    assert_eq!(explained["columns"], serde_json::json!(["k", "n"]));
    assert_eq!(explained["plan"]["operator"], "ProduceResults");
    assert_eq!(
        explained["plan"],
        cli_json(&["query", &format!("EXPLAIN {query}")])["plan"]
    );
    let profiled = server
        .post_json(
            "/api/query",
            &serde_json::json!({"query": format!("PROFILE {query}")}),
        )
        .json();
    assert_eq!(profiled["mode"], "profile");
    assert_eq!(profiled["rows"], cli_json(&["query", query]));
    let rows = profiled["rows"].as_array().unwrap().len();
    assert_eq!(profiled["plan"]["rows"], rows);
    assert!(profiled["plan"]["children"][0]["time_ms"].is_number());
    let plain = server
        .post_json("/api/query", &serde_json::json!({"query": query}))
        .json();
    assert_eq!(plain["mode"], "run");
    assert!(plain.get("plan").is_none());
}

#[test]
fn query_errors_carry_position_and_suggestion() {
    let server = serve(&[], &[]);
    let answer = server.post_json(
        "/api/query",
        &serde_json::json!({"query": "MATCH (n)\nMATCH (m:Gen) RETURN n"}),
    );
    assert_eq!(answer.status, 400);
    let e = &answer.json()["error"];
    assert_eq!(e["line"], 2);
    assert_eq!(e["column"], 10);
    assert_eq!(e["source_line"], "MATCH (m:Gen) RETURN n");
    assert_eq!(e["help"], "did you mean `Gene`?");
}

#[test]
fn foreign_host_headers_and_origins_are_refused() {
    let server = serve(&[], &[]);
    for host in [
        "evil.example",
        "evil.example:7878",
        "127.0.0.1.evil.example",
        "",
    ] {
        let answer = server.raw("GET", "/api/info", &[("Host", host)], b"");
        assert_eq!(answer.status, 403, "Host {host:?} was accepted");
        assert!(!answer.body.contains("nodes\""), "{}", answer.body);
    }
    let port = server.addr.port();
    let localhost = format!("localhost:{port}");
    assert_eq!(
        server
            .raw("GET", "/api/info", &[("Host", &localhost)], b"")
            .status,
        200
    );
    let wrong_port = format!("127.0.0.1:{}", port.wrapping_add(1));
    assert_eq!(
        server.raw("GET", "/", &[("Host", &wrong_port)], b"").status,
        403
    );
    let body = br#"{"query": "MATCH (n) RETURN count(n)"}"#;
    let json = ("Content-Type", "application/json");
    let foreign = server.raw(
        "POST",
        "/api/query",
        &[json, ("Origin", "http://evil.example")],
        body,
    );
    assert_eq!(foreign.status, 403);
    let own = format!("http://{}", server.host());
    assert_eq!(
        server
            .raw("POST", "/api/query", &[json, ("Origin", &own)], body)
            .status,
        200
    );
}

#[test]
fn only_compiled_in_assets_are_served() {
    let server = serve(&[], &[]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(
        page.headers
            .contains("content-security-policy: default-src 'none'; script-src 'self'")
    );
    assert!(page.headers.contains("x-content-type-options: nosniff"));
    assert!(page.body.contains("/assets/app.js"));
    assert_eq!(server.get("/assets/app.js").status, 200);
    assert_eq!(server.get("/assets/cytoscape.min.js").status, 200);
    for target in [
        "/assets/../Cargo.toml",
        "/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/..%2FCargo.toml",
        "/Cargo.toml",
        "/src/main.rs",
        "/web/static/app.js",
        "/assets/../../../../etc/passwd",
        "/api/figures/..%2F..%2FCargo.toml",
        "/api/figures/%2e%2e%2f%2e%2e%2fetc%2fpasswd.svg",
        "//etc/passwd",
        "/assets//etc/passwd",
    ] {
        let answer = server.get(target);
        assert_eq!(answer.status, 404, "{target} answered {}", answer.status);
        assert!(!answer.body.contains("[package]") && !answer.body.contains("root:"));
    }
}

#[test]
fn limits_answer_with_a_message_and_the_server_keeps_serving() {
    let server = serve(
        &[],
        &[
            "--max-body",
            "2048",
            "--max-expansions",
            "1000",
            "--timeout",
            "1",
        ],
    );
    let big = serde_json::json!({"query": format!("RETURN '{}'", "x".repeat(10_000))});
    let answer = server.post_json("/api/query", &big);
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert!(answer.body.contains("length limit"), "{}", answer.body);

    let heavy = serde_json::json!({"query": "MATCH (a)-[*1..4]-(b) RETURN count(*)"});
    let answer = server.post_json("/api/query", &heavy);
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(
        answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("query too large"),
        "{}",
        answer.body
    );

    let answer = server.get(&format!("/api/path?from=a&to=b&k={}", 1_000_000));
    assert_eq!(answer.status, 400);
    assert!(answer.body.contains("at most"), "{}", answer.body);
    let answer = server.raw(
        "POST",
        "/api/query",
        &[("Content-Type", "application/json")],
        b"{not json",
    );
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert_eq!(server.get("/api/info").status, 200);
}

#[test]
fn slow_work_gets_a_503_and_other_requests_are_still_answered() {
    let server = serve(
        &[],
        &[
            "--max-expansions",
            "200000000",
            "--timeout",
            "1",
            "--jobs",
            "2",
        ],
    );
    let slow = serde_json::json!({"query": "MATCH (a)-[*1..7]-(b) RETURN count(*)"});
    let answer = server.post_json("/api/query", &slow);
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert_eq!(answer.json()["error"]["kind"], "timeout");
    let node = server.get(&format!("/api/node?name={}", enc("β2M")));
    assert_eq!(node.status, 200);
}

#[test]
fn create_needs_allow_writes() {
    let create =
        serde_json::json!({"query": "CREATE (:Gene {id: 'ici:made_up', name: 'made up gene'})"});
    let check = serde_json::json!({"query": "MATCH (g:Gene {name: 'made up gene'}) RETURN g.id"});
    let server = serve(&[], &[]);
    let answer = server.post_json("/api/query", &create);
    assert_eq!(answer.status, 403);
    assert_eq!(answer.json()["error"]["kind"], "read_only");
    assert_eq!(
        server.post_json("/api/query", &check).json()["rows"],
        serde_json::json!([])
    );

    let writable = serve(&[], &["--allow-writes"]);
    assert_eq!(writable.post_json("/api/query", &create).status, 200);
    assert_eq!(
        writable.post_json("/api/query", &check).json()["rows"],
        serde_json::json!([{"g.id": "ici:made_up"}])
    );
    let found = writable
        .get(&format!("/api/search?q={}", enc("made up gene")))
        .json();
    assert_eq!(found["matches"][0]["id"], "ici:made_up");
}

#[test]
fn set_and_delete_need_allow_writes_and_answer_with_their_counts() {
    let set = serde_json::json!({"query": "MATCH (g {id: 'ici:b2m'}) SET g.checked = true"});
    // `properties(g)`: before the SET, `checked` is no key of the graph.
    let check = serde_json::json!({"query": "MATCH (g {id: 'ici:b2m'}) RETURN properties(g)['checked'] AS c"});
    let server = serve(&[], &[]);
    for text in [
        "MATCH (g {id: 'ici:b2m'}) SET g.checked = true",
        "MATCH (g {id: 'ici:b2m'}) DETACH DELETE g",
        "MATCH (g {id: 'ici:b2m'}) REMOVE g:Gene",
    ] {
        let answer = server.post_json("/api/query", &serde_json::json!({"query": text}));
        assert_eq!(answer.status, 403, "{text}: {}", answer.body);
        assert_eq!(answer.json()["error"]["kind"], "read_only");
    }
    assert_eq!(
        server.post_json("/api/query", &check).json()["rows"],
        serde_json::json!([{"c": null}])
    );

    let writable = serve(&[], &["--allow-writes"]);
    let answer = writable.post_json("/api/query", &set).json();
    assert_eq!(answer["stats"]["properties_set"], 1, "{answer}");
    assert_eq!(
        writable.post_json("/api/query", &check).json()["rows"],
        serde_json::json!([{"c": true}])
    );
    // A failing write changes nothing and says why, with its position.
    let refused = writable.post_json(
        "/api/query",
        &serde_json::json!({"query": "MATCH (g {id: 'ici:b2m'}) SET g.checked = false DELETE g"}),
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(
        refused.body.contains("still has relationships"),
        "{}",
        refused.body
    );
    assert_eq!(
        writable.post_json("/api/query", &check).json()["rows"],
        serde_json::json!([{"c": true}])
    );
}

#[test]
fn hostile_names_travel_as_json_strings_only() {
    let dir = tempfile::tempdir().unwrap();
    let script = "<script>alert(\"x\")</script>";
    std::fs::write(
        dir.path().join("nodes.csv"),
        "id,name,category,url\nici:x1,\"<script>alert(\"\"x\"\")</script>\",Gene,javascript:alert(1)\nici:x2,\"'\"\" onmouseover=alert(2)\",Gene,\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("edges.csv"),
        "subject,predicate,object\nici:x1,targets,ici:x2\n",
    )
    .unwrap();
    let data = dir.path().to_str().unwrap();
    let server = serve(&["--data", data], &[]);
    let node = server.get("/api/node?id=ici%3Ax1");
    assert_eq!(node.status, 200);
    assert!(node.headers.contains("content-type: application/json"));
    let json = node.json();
    assert_eq!(json["name"], script);
    assert_eq!(json["properties"]["url"], "javascript:alert(1)");
    // The page itself holds no graph text: it is the same static file for
    // every graph, and fills itself in through textContent.
    let page = server.get("/").body;
    assert!(!page.contains("alert"));
    assert!(Path::new("web/static/app.js").exists());
    let app = std::fs::read_to_string("web/static/app.js").unwrap();
    assert!(!app.contains("innerHTML") && !app.contains("outerHTML"));
    assert!(!app.contains("insertAdjacentHTML") && !app.contains("document.write"));
}

#[test]
fn unknown_routes_and_figures_are_404_with_a_message() {
    let server = serve(&[], &[]);
    let answer = server.get("/api/nothing");
    assert_eq!(answer.status, 404);
    assert_eq!(answer.json()["error"]["kind"], "not_found");
    let answer = server.get("/api/figures/fig9.svg");
    assert_eq!(answer.status, 404);
    assert!(
        answer.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("fig9")
    );
    let svg = server.get("/api/figures/fig1.svg");
    assert_eq!(svg.status, 200);
    assert!(svg.headers.contains("content-type: image/svg+xml"));
    assert!(svg.body.contains("<svg"));
}

#[test]
fn every_route_in_the_openapi_description_exists() {
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string("docs/openapi.json").unwrap()).unwrap();
    let server = serve(&[], &[]);
    let paths = spec["paths"].as_object().unwrap();
    assert!(paths.len() >= 11);
    for (route, methods) in paths {
        let target = route.replace("{id}", "fig1");
        for method in methods.as_object().unwrap().keys() {
            let answer = match method.as_str() {
                "get" => server.get(&target),
                "post" => server.post_json(&target, &serde_json::json!({"query": "RETURN 1"})),
                other => panic!("undocumented method {other}"),
            };
            let kind = serde_json::from_str::<Value>(&answer.body)
                .ok()
                .and_then(|v| v["error"]["kind"].as_str().map(str::to_owned));
            assert_ne!(kind.as_deref(), Some("not_found"), "{method} {route}");
            assert!(answer.status < 500, "{method} {route}: {}", answer.status);
        }
    }
}
