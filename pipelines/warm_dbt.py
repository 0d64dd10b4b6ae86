"""dbt started ahead of the warehouse step: a process that imports dbt and parses the project while a run's first
steps work, then runs the dbt command the step gives it.

dagster-dbt runs each dbt command as a new process, which spends 1.1 s importing dbt and 0.6 s parsing the
project before its first model (measured here, with the project parsed incrementally). The dbt resource
(resources.DbtCli) starts this process when a run that builds the warehouse begins, and gives dagster-dbt
`news-dbt` (`client` below, a console script of this package) as its dbt executable. The client hands its
command line, environment, working folder and output over a Unix socket to the waiting process, which runs the
command with dbt's programmatic entry point (dbtRunner) writing to the client's own output, then sends the exit
code back and exits; the client exits with that code once the process is gone (and with it dbt's hold on the
DuckDB file). So dagster-dbt streams and reads dbt's events as from any dbt process.

The project parsed ahead is used only when the command runs with the environment and folders it was parsed with
(apart from what dagster-dbt sets for each command that parsing does not read); otherwise dbt parses as usual.
Where no process waits (a command outside a run, a second command in one run), the client runs dbt itself. A
client that goes before its command ends (a cancelled run: dagster-dbt interrupts or kills dbt's process)
interrupts the command, as an interrupt of dbt would. While it waits, the process holds about 140 MB (dbt
imported, the project parsed), for the whole run: the benchmark's peaks include it.

Only the standard library is imported at the top: the client starts with it, in every dbt command of a run."""
import _thread
import json
import os
import select
import socket
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
# Set by dagster-dbt for each command, read by dbt when it runs the command, not when it parses the project.
PER_COMMAND = frozenset({"DAGSTER_DBT_CLI", "PYTHONUNBUFFERED", "PYTHONLEGACYWINDOWSSTDIO",
                         "DBT_SEND_ANONYMOUS_USAGE_STATS", "DBT_LOG_FORMAT", "DBT_LOG_PATH",
                         "DBT_INDIRECT_SELECTION"})
FOLDERS = ("DBT_PROJECT_DIR", "DBT_PROFILES_DIR", "DBT_TARGET_PATH")  # compared as the folders they name
# Options that would make the command's project differ from the one parsed ahead.
PARSE_OPTIONS = ("--project-dir", "--profiles-dir", "--target-path", "--profile", "--target", "--vars")
ACCEPTED = b"A"  # sent when the process takes a command: before it, a client may still run dbt itself


def _address(owner_pid: int) -> Path:
    """The socket of the process started by the process owner_pid (a client's parent: dagster-dbt's process)."""
    return Path(tempfile.gettempdir()) / f"news-warm-dbt-{os.getuid()}" / f"{owner_pid}.sock"


class WarmDbt:
    """The process started ahead, seen from the process that will run dbt commands (its owner)."""

    def __init__(self, cwd: str, parse_env: dict[str, str]):
        """cwd and parse_env: the working folder and environment of the command to come, as far as known."""
        self.address = _address(os.getpid())
        self.address.parent.mkdir(mode=0o700, exist_ok=True)
        self.address.unlink(missing_ok=True)  # left by an earlier owner with this pid
        # Listening from here on, before the process has started: a command that comes meanwhile waits for it.
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(str(self.address))
            listener.listen(1)
            # stdin: its end tells the process its owner has let go of it, used or not. The environment is given
            # as dagster-dbt gives it, from os.environ: a child given none gets the C library's, to which native
            # code may have added (under pytest it held COLUMNS and LINES, which os.environ did not).
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pipelines.warm_dbt", str(listener.fileno()), str(self.address), cwd,
                 json.dumps(parse_env)], pass_fds=[listener.fileno()],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=PACKAGE_ROOT,
                env=dict(os.environ))

    def close(self) -> None:
        """After the run's dbt command has ended: a process that took it has exited; one never used is stopped
        (it holds nothing: parsing does not open the warehouse)."""
        self.process.stdin.close()
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait()
        self.address.unlink(missing_ok=True)


def client() -> int:
    """`news-dbt`, dagster-dbt's dbt executable: the command run by the process waiting for it, else by dbt."""
    try:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.connect(str(_address(os.getppid())))
        accepted = connection.recv(1) == ACCEPTED
    except OSError:
        accepted = False
    if not accepted:  # none waits, or it took another command
        dbt = Path(sys.executable).parent / "dbt"
        os.execv(dbt, [str(dbt), *sys.argv[1:]])
    request = json.dumps({"argv": sys.argv[1:], "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
    sys.stdout.flush()
    socket.send_fds(connection, [struct.pack("!I", len(request))], [sys.stdout.fileno(), sys.stderr.fileno()])
    connection.sendall(request)
    try:
        code = connection.recv(1)
        while connection.recv(4096):  # until the process has exited and let go of the warehouse
            pass
    except KeyboardInterrupt:  # dagster-dbt forwards a cancelled run's interrupt: dbt is told, and awaited
        connection.shutdown(socket.SHUT_WR)
        while connection.recv(4096):
            pass
        return 130
    if not code:
        print("news-dbt: the dbt process ended without an exit code (see its output above)", file=sys.stderr)
        return 2
    return code[0]


def _serve(listening: int, address: str, cwd: str, parse_env: dict[str, str]) -> None:
    listener = socket.socket(fileno=listening)
    os.chdir(cwd)
    os.environ.update(parse_env)
    parsed_with = dict(os.environ)
    from dbt.cli.main import dbtRunner
    parsed = dbtRunner().invoke(["parse", "--quiet"])
    manifest = parsed.result if parsed.success else None  # a failed parse is made again, and reported, with the command
    ready, _, _ = select.select([listener, sys.stdin], [], [])
    if listener not in ready:  # the owner let go: no command comes
        return
    connection, _ = listener.accept()
    listener.close()
    Path(address).unlink(missing_ok=True)  # a later command runs dbt itself at once
    connection.sendall(ACCEPTED)
    request = _receive(connection)
    if request is None:
        return
    argv, env = request["argv"], request["env"]
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(env)
    differs = _differences(parsed_with, cwd, env, request["cwd"], argv)
    if manifest is not None and differs:
        print(f"news-dbt: the project parsed ahead is not this command's ({differs}): dbt parses it again",
              file=sys.stderr)
    finished = threading.Event()
    threading.Thread(target=_interrupt_when_gone, args=(connection, finished), daemon=True).start()
    result = dbtRunner(manifest=None if differs else manifest).invoke(argv)
    finished.set()
    if result.exception is not None:  # dbt's own entry point prints usage errors; the runner only returns them
        print(f"news-dbt: {type(result.exception).__name__}: {result.exception}", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    # dbt's own exit codes: 0 success, 1 a node failed, 2 an error stopped the command
    connection.sendall(bytes([0 if result.success else 2 if result.exception is not None else 1]))
    # the connection closes when this process exits, after DuckDB has closed the warehouse


def _receive(connection: socket.socket) -> dict | None:
    """The client's request, and its output made this process's."""
    head, fds, _, _ = socket.recv_fds(connection, 4, 2)
    while 0 < len(head) < 4:
        head += connection.recv(4 - len(head))
    if len(head) < 4 or len(fds) != 2:
        return None
    body = b""
    (size,) = struct.unpack("!I", head)
    while len(body) < size:
        chunk = connection.recv(size - len(body))
        if not chunk:
            return None
        body += chunk
    sys.stdout.flush()
    sys.stderr.flush()
    for fd, target in zip(fds, (1, 2)):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdout.reconfigure(line_buffering=True)  # dagster-dbt reads dbt's events line by line as they come
    sys.stderr.reconfigure(line_buffering=True)
    return json.loads(body)


def _differences(parsed_with: dict[str, str], parsed_in: str, env: dict[str, str], cwd: str,
                 argv: list[str]) -> str:
    """What makes the command's project other than the one parsed ahead, or "" when nothing does."""
    ahead, command = _parse_inputs(parsed_with, parsed_in), _parse_inputs(env, cwd)
    keys = sorted(key for key in ahead.keys() | command.keys() if ahead.get(key) != command.get(key))
    options = [arg for arg in argv if arg.split("=")[0] in PARSE_OPTIONS]
    return ", ".join([*(f"environment {key}" for key in keys), *(f"option {option}" for option in options),
                      *(["working folder"] if os.path.realpath(cwd) != os.path.realpath(parsed_in) else [])])


def _parse_inputs(env: dict[str, str], cwd: str) -> dict[str, str]:
    """The environment as parsing reads it: without PER_COMMAND, FOLDERS as the folders they name."""
    return {key: os.path.realpath(os.path.join(cwd, value)) if key in FOLDERS else value
            for key, value in env.items() if key not in PER_COMMAND}


def _interrupt_when_gone(connection: socket.socket, finished: threading.Event) -> None:
    """A client that goes (killed, or interrupted: it stops writing) interrupts dbt, as an interrupt of dbt would."""
    try:
        connection.recv(1)
    except OSError:
        pass
    if not finished.is_set():
        _thread.interrupt_main()


if __name__ == "__main__":
    _serve(int(sys.argv[1]), sys.argv[2], sys.argv[3], json.loads(sys.argv[4]))
