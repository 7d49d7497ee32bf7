//! A worker process: the batch's way to survive a document that aborts,
//! overflows its stack, runs out of memory or never ends, as Tika Pipes
//! isolates its parsers.
//!
//! A [`Worker`] is a child process (the same binary, started by the caller
//! with a hidden subcommand) that reads requests from its stdin and writes
//! one reply to its stdout for each, as [`frame`]s, after a first empty
//! frame that says it is ready. It runs under an
//! address-space limit (`RLIMIT_AS`, set between fork and exec), in its
//! own process group (a Ctrl-C in the terminal reaches the batch, which
//! stops between documents, not the workers), and is killed when the
//! thread that started it ends (`PR_SET_PDEATHSIG`), so no worker outlives
//! the batch. [`Worker::ask`] waits for the reply until a deadline and
//! kills the worker past it; when the worker dies instead of replying,
//! [`Death`] says how, and [`Death::describe`] turns that into an error
//! kind and message. A dead worker is dropped; the caller starts another.

use super::frame;
use std::ffi::OsString;
use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// How to start a worker.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The program (the running binary).
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// The address-space limit in bytes (`RLIMIT_AS`); `None`: none.
    pub max_memory: Option<u64>,
}

/// A running worker process.
#[derive(Debug)]
pub struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    /// `None` once the worker closed it.
    stderr: Option<ChildStderr>,
    /// What the worker wrote on stderr since the last reply (its tail).
    err: Vec<u8>,
}

/// A worker's reply to one request.
#[derive(Debug)]
pub struct Reply {
    /// The reply frame's bytes.
    pub payload: Vec<u8>,
    /// What the worker wrote on stderr meanwhile (a panic's message).
    pub stderr: Vec<u8>,
}

/// How a worker ended instead of replying.
#[derive(Debug)]
pub enum Death {
    /// Still working at the deadline: it was killed.
    Timeout,
    /// Ended by a signal it was not sent by the batch.
    Signal {
        /// The signal number.
        signal: i32,
        /// The tail of its stderr.
        stderr: String,
    },
    /// Exited with a status.
    Exit {
        /// The exit status.
        code: i32,
        /// The tail of its stderr.
        stderr: String,
    },
    /// Its pipes failed.
    Io(io::Error),
}

/// Most stderr bytes kept of a worker (the tail).
const STDERR_TAIL: usize = 64 << 10;

/// How long a worker whose stdout closed may take to exit before it is
/// killed.
const EXIT_WAIT: Duration = Duration::from_secs(2);

impl Worker {
    /// Start a worker.
    ///
    /// # Errors
    /// The process cannot be started.
    pub fn spawn(spec: &Spec) -> io::Result<Worker> {
        let mut cmd = Command::new(&spec.program);
        cmd.args(&spec.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        let parent = libc::pid_t::try_from(std::process::id()).unwrap_or(0);
        let memory = spec.max_memory;
        // SAFETY: the closure runs in the forked child before exec and only
        // makes system calls (prctl, getppid, getrlimit, setrlimit), which
        // are async-signal-safe; it allocates nothing.
        unsafe {
            cmd.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong) != 0 {
                    return Err(io::Error::last_os_error());
                }
                // The starting thread may have ended before the prctl.
                if libc::getppid() != parent {
                    return Err(io::Error::from_raw_os_error(libc::ESRCH));
                }
                if let Some(bytes) = memory {
                    let mut lim = libc::rlimit {
                        rlim_cur: 0,
                        rlim_max: 0,
                    };
                    if libc::getrlimit(libc::RLIMIT_AS, &mut lim) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                    lim.rlim_cur = lim.rlim_max.min(bytes as libc::rlim_t);
                    if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                        return Err(io::Error::last_os_error());
                    }
                }
                Ok(())
            });
        }
        let mut child = cmd.spawn()?;
        let pipes = (child.stdin.take(), child.stdout.take(), child.stderr.take());
        let (Some(stdin), Some(stdout), Some(stderr)) = pipes else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("worker started without its pipes"));
        };
        Ok(Worker {
            child,
            stdin,
            stdout,
            stderr: Some(stderr),
            err: Vec::new(),
        })
    }

    /// The worker's process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Send `request` and wait for the reply until `deadline` (`None`:
    /// forever). Past the deadline the worker is killed.
    ///
    /// # Errors
    /// How the worker ended instead of replying; it is dead then (killed
    /// and reaped) and must be dropped.
    pub fn ask(&mut self, request: &[u8], deadline: Option<Instant>) -> Result<Reply, Death> {
        if let Err(e) = frame::write(&mut self.stdin, request) {
            return Err(self.died(e));
        }
        self.receive(deadline)
    }

    /// Wait for the next frame until `deadline` without sending a request
    /// (a worker says it is ready with one).
    ///
    /// # Errors
    /// As [`Worker::ask`].
    pub fn receive(&mut self, deadline: Option<Instant>) -> Result<Reply, Death> {
        let mut head = [0u8; frame::HEADER];
        let mut got = 0usize;
        let mut body: Vec<u8> = Vec::new();
        let mut filled = 0usize;
        let mut scratch = vec![0u8; 16 << 10];
        loop {
            let wait_ms = match deadline {
                None => -1,
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        self.kill();
                        return Err(Death::Timeout);
                    }
                    i32::try_from(left.as_millis().saturating_add(1)).unwrap_or(i32::MAX)
                }
            };
            let err_fd = self.stderr.as_ref().map_or(-1, AsRawFd::as_raw_fd);
            let mut fds = [
                libc::pollfd {
                    fd: self.stdout.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                },
                libc::pollfd {
                    fd: err_fd,
                    events: libc::POLLIN,
                    revents: 0,
                },
            ];
            // SAFETY: `fds` is a valid array of two pollfd for the call.
            let ready = unsafe { libc::poll(fds.as_mut_ptr(), 2, wait_ms) };
            if ready < 0 {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(self.died(e));
            }
            if fds[1].revents != 0 {
                self.read_stderr(&mut scratch);
            }
            if fds[0].revents == 0 {
                continue;
            }
            // Read the length prefix, then the body straight into place.
            let n = if got < frame::HEADER {
                self.stdout.read(&mut head[got..])
            } else {
                self.stdout.read(&mut body[filled..])
            };
            match n {
                Ok(0) => return Err(self.died(io::ErrorKind::UnexpectedEof.into())),
                Ok(n) if got < frame::HEADER => {
                    got += n;
                    if got == frame::HEADER {
                        // A length no memory holds is a broken worker, not
                        // a reason for the batch to abort.
                        let len = frame::announced(&head)
                            .filter(|&len| body.try_reserve_exact(len).is_ok());
                        let Some(len) = len else {
                            return Err(self.died(io::ErrorKind::InvalidData.into()));
                        };
                        body.resize(len, 0);
                    }
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.died(e)),
            }
            if got == frame::HEADER && filled == body.len() {
                return Ok(Reply {
                    payload: body,
                    stderr: std::mem::take(&mut self.err),
                });
            }
        }
    }

    /// Read what stderr has (it is readable), keeping the tail.
    fn read_stderr(&mut self, scratch: &mut [u8]) {
        let Some(stderr) = self.stderr.as_mut() else {
            return;
        };
        match stderr.read(scratch) {
            Ok(0) => self.stderr = None,
            Ok(n) => {
                self.err
                    .extend_from_slice(scratch.get(..n).unwrap_or_default());
                if self.err.len() > STDERR_TAIL {
                    let cut = self.err.len() - STDERR_TAIL;
                    self.err.drain(..cut);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => self.stderr = None,
        }
    }

    /// The worker's pipes failed (`cause`): it is ending, or ended. Read
    /// the rest of its stderr, reap it (killing it if it does not exit)
    /// and say how it ended.
    fn died(&mut self, cause: io::Error) -> Death {
        let until = Instant::now() + EXIT_WAIT;
        let mut scratch = vec![0u8; 16 << 10];
        let status = loop {
            // A dead process's pipes are closed: stderr reads to its end.
            // A live one's may stay open: read only what is there.
            while let Some(fd) = self.stderr.as_ref().map(AsRawFd::as_raw_fd) {
                let left = until.saturating_duration_since(Instant::now());
                if !readable(fd, left) {
                    break;
                }
                self.read_stderr(&mut scratch);
            }
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < until => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok(None) | Err(_) => {
                    self.kill();
                    break None;
                }
            }
        };
        let stderr = String::from_utf8_lossy(&std::mem::take(&mut self.err)).into_owned();
        match status {
            Some(s) => match (s.signal(), s.code()) {
                (Some(signal), _) => Death::Signal { signal, stderr },
                (None, Some(code)) => Death::Exit { code, stderr },
                (None, None) => Death::Io(cause),
            },
            None => Death::Io(cause),
        }
    }

    /// Kill and reap the worker.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Whether `fd` has something to read (or its end) within `wait`.
fn readable(fd: i32, wait: Duration) -> bool {
    let mut pfd = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = i32::try_from(wait.as_millis()).unwrap_or(i32::MAX);
    // SAFETY: `pfd` is one valid pollfd for the call.
    unsafe { libc::poll(&mut pfd, 1, ms) > 0 }
}

/// The name of a signal (`SIGABRT`), or its number.
fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGABRT => "SIGABRT",
        libc::SIGSEGV => "SIGSEGV",
        libc::SIGBUS => "SIGBUS",
        libc::SIGILL => "SIGILL",
        libc::SIGFPE => "SIGFPE",
        libc::SIGKILL => "SIGKILL",
        libc::SIGTERM => "SIGTERM",
        libc::SIGINT => "SIGINT",
        libc::SIGPIPE => "SIGPIPE",
        libc::SIGTRAP => "SIGTRAP",
        libc::SIGSYS => "SIGSYS",
        libc::SIGXCPU => "SIGXCPU",
        libc::SIGXFSZ => "SIGXFSZ",
        _ => return format!("signal {signal}"),
    };
    name.to_string()
}

/// The last non-empty line of a worker's stderr, at most 300 bytes.
fn last_line(stderr: &str) -> Option<&str> {
    let line = stderr.lines().map(str::trim).rfind(|l| !l.is_empty())?;
    let mut end = line.len().min(300);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line.get(..end)
}

impl Death {
    /// The error kind and message of a document whose worker died so:
    /// `timeout` (the caller words it: it knows the budget), `limit` when
    /// an allocation failed (under `max_memory`, the `RLIMIT_AS` in bytes,
    /// or the machine's memory) or the worker was killed by `SIGKILL`
    /// (the kernel's out-of-memory killer), else `crash`, naming the
    /// signal or status and the worker's last word on stderr.
    pub fn describe(&self, max_memory: Option<u64>) -> (&'static str, String) {
        let stderr = match self {
            Death::Signal { stderr, .. } | Death::Exit { stderr, .. } => stderr.as_str(),
            Death::Timeout | Death::Io(_) => "",
        };
        let how = match self {
            Death::Timeout => return ("timeout", "the worker process was killed".into()),
            Death::Io(e) => return ("crash", format!("lost the worker process: {e}")),
            Death::Signal { signal, .. } => format!("was killed by {}", signal_name(*signal)),
            Death::Exit { code, .. } => format!("exited with status {code}"),
        };
        let limit = max_memory.map_or_else(
            || "the memory available".to_string(),
            |b| format!("the --max-memory limit of {b} bytes"),
        );
        // Not the size of the allocation that failed: it depends on what
        // the worker read before, and the record must not.
        if stderr.contains("memory allocation of") {
            return (
                "limit",
                format!("memory: needed more than {limit} (an allocation failed); the worker process {how}"),
            );
        }
        if matches!(self, Death::Signal { signal, .. } if *signal == libc::SIGKILL) {
            return (
                "limit",
                format!(
                    "memory: the worker process {how}, most likely by the kernel's \
                     out-of-memory killer ({limit})"
                ),
            );
        }
        let what = if stderr.contains("has overflowed its stack") {
            "stack overflow: "
        } else {
            ""
        };
        let said = last_line(stderr).map_or_else(String::new, |l| format!(": {l}"));
        ("crash", format!("{what}the worker process {how}{said}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, max_memory: Option<u64>) -> Worker {
        Worker::spawn(&Spec {
            program: "/bin/sh".into(),
            args: vec!["-c".into(), script.into()],
            max_memory,
        })
        .unwrap()
    }

    /// A shell that says it is ready, then answers each one-byte request
    /// with `hallo`.
    const ECHO: &str = r#"printf '\000\000\000\000\000\000\000\000'
        while [ "$(dd bs=9 count=1 iflag=fullblock status=none | wc -c)" = 9 ]; do
        printf '\005\000\000\000\000\000\000\000hallo'; done"#;

    #[test]
    fn replies_come_back_and_a_worker_serves_many() {
        let mut w = sh(ECHO, None);
        assert_eq!(w.receive(None).unwrap().payload, b"");
        for _ in 0..3 {
            let r = w.ask(b"x", None).unwrap();
            assert_eq!(r.payload, b"hallo");
        }
    }

    #[test]
    fn a_worker_past_its_deadline_is_killed() {
        let mut w = sh("sleep 30", None);
        let pid = w.id();
        let t0 = Instant::now();
        let r = w.ask(b"x", Some(Instant::now() + Duration::from_millis(200)));
        assert!(matches!(r, Err(Death::Timeout)), "{r:?}");
        assert!(t0.elapsed() < Duration::from_secs(5));
        assert!(!std::path::Path::new(&format!("/proc/{pid}")).exists());
    }

    #[test]
    fn a_worker_that_aborts_is_a_crash_naming_the_signal() {
        let mut w = sh("echo 'it broke' >&2; kill -ABRT $$", None);
        let death = w.ask(b"x", None).unwrap_err();
        let (kind, message) = death.describe(None);
        assert_eq!(kind, "crash");
        assert_eq!(
            message,
            "the worker process was killed by SIGABRT: it broke"
        );
        let mut w = sh("exit 3", None);
        let (kind, message) = w.ask(b"x", None).unwrap_err().describe(None);
        assert_eq!(
            (kind, message.as_str()),
            ("crash", "the worker process exited with status 3")
        );
    }

    #[test]
    fn a_failed_allocation_is_a_limit() {
        let mut w = sh(
            "echo 'memory allocation of 4096 bytes failed' >&2; kill -ABRT $$",
            None,
        );
        let (kind, message) = w.ask(b"x", None).unwrap_err().describe(Some(1 << 20));
        assert_eq!(kind, "limit");
        assert!(
            message.contains("--max-memory limit of 1048576 bytes"),
            "{message}"
        );
        assert!(message.contains("(an allocation failed)"), "{message}");
        assert!(!message.contains("4096"), "{message}");
        assert!(message.contains("SIGABRT"), "{message}");
    }

    #[test]
    fn a_reply_that_does_not_read_ends_a_live_worker_at_once() {
        // An 8-byte prefix announcing more than memory holds, then silence.
        let mut w = sh(r"printf '\377\377\377\377\377\377\377\177'; sleep 30", None);
        let t0 = Instant::now();
        let death = w.ask(b"x", None).unwrap_err();
        assert!(t0.elapsed() < Duration::from_secs(10), "{death:?}");
        assert_eq!(death.describe(None).0, "crash");
    }

    #[test]
    fn a_stack_overflow_is_a_crash_that_says_so() {
        let mut w = sh(
            "echo \"thread 'x' has overflowed its stack\" >&2; kill -ABRT $$",
            None,
        );
        let (kind, message) = w.ask(b"x", None).unwrap_err().describe(None);
        assert_eq!(kind, "crash");
        assert!(message.starts_with("stack overflow: the worker process was killed by SIGABRT"));
    }

    #[test]
    fn the_memory_limit_applies_to_the_worker() {
        let mut w = sh("ulimit -v; sleep 5", Some(256 << 20));
        let r = w.ask(b"x", Some(Instant::now() + Duration::from_millis(500)));
        assert!(matches!(r, Err(Death::Timeout)));
        let mut w = sh("ulimit -v >&2; exit 1", Some(256 << 20));
        let Death::Exit { stderr, .. } = w.ask(b"x", None).unwrap_err() else {
            panic!("not an exit");
        };
        assert_eq!(stderr.trim(), "262144");
    }
}
