//! Headless Chromium driven over the DevTools protocol, for end-to-end tests of the HTML
//! report: open a page, evaluate script, click with the mouse, take a screenshot.
//!
//! Chromium is Debian's `chromium` (`.ci/run` installs it); `TIEOUT_CHROMIUM` names another
//! binary. The browser runs with a fresh profile, no network services and no sandbox (CI runs
//! as root), and is closed when the [`Browser`] is dropped.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// The Chromium binary to use: `TIEOUT_CHROMIUM`, or the first of the usual names on `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TIEOUT_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A `file://` URL for an absolute path.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-_.~".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

pub struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// The page's session once one is attached; commands go to it.
    session: Option<String>,
    _profile: tempfile::TempDir,
}

type Result<T> = std::result::Result<T, String>;

impl Browser {
    /// Starts headless Chromium with a viewport of `width` × `height` CSS pixels.
    pub fn launch(chromium: &Path, width: u32, height: u32) -> Result<Self> {
        let profile = tempfile::tempdir().map_err(|e| format!("a profile directory: {e}"))?;
        let mut child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("--window-size={width},{height}"))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;

        // Chromium prints the DevTools address on stderr; keep draining it afterwards so that
        // it never blocks on a full pipe.
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut log = Vec::new();
            for line in BufReader::new(stderr)
                .lines()
                .map_while(std::result::Result::ok)
            {
                if let Some(at) = line.find("ws://") {
                    let _ = tx.send(Ok(line[at..].trim().to_string()));
                } else if log.len() < 40 {
                    log.push(line);
                }
            }
            let _ = tx.send(Err(log.join("\n")));
        });
        let ws_url = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Ok(url)) => url,
            Ok(Err(log)) => {
                let _ = child.kill();
                return Err(format!(
                    "Chromium exited without a DevTools address:\n{log}"
                ));
            }
            Err(_) => {
                let _ = child.kill();
                return Err("Chromium printed no DevTools address within 60 s".into());
            }
        };
        let host = ws_url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let stream = TcpStream::connect(&host).map_err(|e| format!("connect {host}: {e}"))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        let (socket, _) = tungstenite::client(ws_url.as_str(), stream)
            .map_err(|e| format!("DevTools handshake: {e}"))?;
        let mut browser = Self {
            child,
            socket,
            next_id: 0,
            session: None,
            _profile: profile,
        };

        let target = browser.call("Target.createTarget", json!({ "url": "about:blank" }))?;
        let target_id = target["targetId"].clone();
        let attached = browser.call(
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        )?;
        browser.session = attached["sessionId"].as_str().map(str::to_string);
        if browser.session.is_none() {
            return Err(format!("no session in {attached}"));
        }
        browser.call("Page.enable", json!({}))?;
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        )?;
        Ok(browser)
    }

    /// Sends one command and waits for its answer, skipping events.
    fn call(&mut self, method: &str, params: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = &self.session {
            message["sessionId"] = Value::String(session.clone());
        }
        self.socket
            .send(Message::text(message.to_string()))
            .map_err(|e| format!("{method}: {e}"))?;
        loop {
            let reply = self.socket.read().map_err(|e| format!("{method}: {e}"))?;
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(text.as_str()).map_err(|e| e.to_string())?;
            if value["id"].as_u64() != Some(id) {
                continue;
            }
            if let Some(error) = value.get("error") {
                return Err(format!("{method}: {error}"));
            }
            return Ok(value["result"].clone());
        }
    }

    /// Loads `url` and waits until the page and its scripts have run.
    pub fn open(&mut self, url: &str) -> Result<()> {
        self.call("Page.navigate", json!({ "url": url }))?;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if self.eval("document.readyState")? == json!("complete") {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!("{url} did not finish loading within 60 s"))
    }

    /// The value of a JavaScript expression (JSON-serialisable).
    pub fn eval(&mut self, expression: &str) -> Result<Value> {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        )?;
        if let Some(exception) = result.get("exceptionDetails") {
            return Err(format!("script error: {exception}"));
        }
        Ok(result["result"]["value"].clone())
    }

    /// Evaluates `expression` until it is truthy, for at most `timeout`.
    pub fn wait_for(&mut self, expression: &str, timeout: Duration) -> Result<Value> {
        let start = Instant::now();
        loop {
            let value = self.eval(expression)?;
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!("")
                && value != json!(0);
            if truthy {
                return Ok(value);
            }
            if start.elapsed() > timeout {
                return Err(format!("still false after {timeout:?}: {expression}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A left click with the mouse at viewport coordinates, as a person would click.
    pub fn click(&mut self, x: f64, y: f64) -> Result<()> {
        self.call(
            "Input.dispatchMouseEvent",
            json!({ "type": "mouseMoved", "x": x, "y": y }),
        )?;
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            )?;
        }
        Ok(())
    }

    /// A PNG of the viewport.
    pub fn screenshot(&mut self) -> Result<Vec<u8>> {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }))?;
        let data = shot["data"].as_str().ok_or("no screenshot data")?;
        data_encoding::BASE64
            .decode(data.as_bytes())
            .map_err(|e| format!("screenshot: {e}"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.session = None;
        let _ = self
            .socket
            .send(Message::text(r#"{"id":0,"method":"Browser.close"}"#));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
