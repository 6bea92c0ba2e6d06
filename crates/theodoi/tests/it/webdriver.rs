//! A minimal W3C WebDriver client over HTTP/1.1 for the end-to-end tests: enough to drive
//! Debian's chromedriver + headless Chromium (navigate, find, type, click, read, screenshot)
//! without a browser-automation dependency.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Driver {
    process: Child,
    port: u16,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

async fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|e| format!("connect chromedriver: {e}"))?;
    let payload = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream
        .write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    // Read the head, then exactly Content-Length bytes (chromedriver may keep the socket open).
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 65536];
    loop {
        let n = tokio::time::timeout(Duration::from_secs(60), stream.read(&mut chunk))
            .await
            .map_err(|_| format!("{method} {path}: chromedriver did not answer in 60 s"))?
            .map_err(|e| e.to_string())?;
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if let Some(len) = len
                && buf.len() >= end + 4 + len
            {
                break;
            }
        }
        if n == 0 {
            break;
        }
    }
    let text = String::from_utf8_lossy(&buf);
    let (head, body) = text.split_once("\r\n\r\n").ok_or("bad HTTP response")?;
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    let v: Value = serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))?;
    if let Some(err) = v["value"].get("error") {
        return Err(format!("{method} {path}: {err} {}", v["value"]["message"]));
    }
    Ok(v["value"].clone())
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}

pub fn available() -> bool {
    std::path::Path::new("/usr/bin/chromedriver").exists()
        && std::path::Path::new("/usr/bin/chromium").exists()
}

impl Driver {
    pub async fn start(port: u16) -> Self {
        let process = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let mut session = None;
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=vi-VN"]
            }
        }}});
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if let Ok(v) = http(port, "POST", "/session", Some(&caps)).await {
                session = v["sessionId"].as_str().map(str::to_string);
                break;
            }
        }
        Self {
            process,
            port,
            session: session.expect("a WebDriver session"),
        }
    }

    async fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let p = format!("/session/{}{path}", self.session);
        http(self.port, method, &p, body.as_ref())
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    pub async fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url}))).await;
    }

    pub async fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn find(&self, css: &str) -> String {
        let v = self
            .cmd(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        v[ELEMENT_KEY]
            .as_str()
            .unwrap_or_else(|| panic!("element {css}: {v}"))
            .to_string()
    }

    pub async fn type_in(&self, css: &str, text: &str) {
        let el = self.find(css).await;
        self.cmd("POST", &format!("/element/{el}/clear"), Some(json!({})))
            .await;
        self.cmd(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    pub async fn click(&self, css: &str) {
        let el = self.find(css).await;
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})))
            .await;
    }

    /// The text of an element, retried while a page loads after a form submission.
    pub async fn text(&self, css: &str) -> String {
        let mut last = String::new();
        for _ in 0..30 {
            let p = format!("/session/{}/element", self.session);
            let found = http(
                self.port,
                "POST",
                &p,
                Some(&json!({"using": "css selector", "value": css})),
            )
            .await;
            if let Ok(v) = found
                && let Some(el) = v[ELEMENT_KEY].as_str()
            {
                let p = format!("/session/{}/element/{el}/text", self.session);
                match http(self.port, "GET", &p, None).await {
                    Ok(t) => return t.as_str().unwrap_or_default().to_string(),
                    Err(e) => last = e,
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("text of {css}: {last}")
    }

    /// Accepts the page's confirmation dialog (the script asks before irreversible actions),
    /// waiting briefly for it to open; false if none opened.
    pub async fn accept_alert(&self) -> bool {
        let p = format!("/session/{}/alert/accept", self.session);
        for _ in 0..20 {
            if http(self.port, "POST", &p, Some(&json!({}))).await.is_ok() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// Waits until the element's text is `want` (a form's POST and redirect may still be on
    /// their way when a click returns, on a busy machine).
    pub async fn wait_text(&self, css: &str, want: &str) {
        let mut last = String::new();
        for _ in 0..50 {
            last = self.text(css).await;
            if last == want {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css}: '{last}', expected '{want}'");
    }

    /// Waits until the page's source contains `needle`, and returns it.
    pub async fn wait_source(&self, needle: &str) -> String {
        for _ in 0..50 {
            let src = self.source().await;
            if src.contains(needle) {
                return src;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the page never showed '{needle}'");
    }

    pub async fn source(&self) -> String {
        self.cmd("GET", "/source", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Saves a full-window PNG under target/e2e/.
    pub async fn screenshot(&self, name: &str) {
        let v = self.cmd("GET", "/screenshot", None).await;
        let png = base64(v.as_str().unwrap_or_default());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e");
        std::fs::create_dir_all(&dir).expect("target/e2e");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot");
    }

    /// Resizes the browser window (e.g. 360 px wide for a phone).
    pub async fn resize(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        )
        .await;
    }

    pub async fn quit(&self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        )
        .await;
    }
}

fn base64(s: &str) -> Vec<u8> {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut bits, mut n) = (0u32, 0);
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let Some(v) = A.iter().position(|a| *a == c) else {
            continue;
        };
        bits = (bits << 6) | v as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
            bits &= (1 << n) - 1;
        }
    }
    out
}
