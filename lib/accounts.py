"""Local accounts: who may sign in without an identity provider, and how wrong passwords are slowed down.

The accounts live in one JSON file outside git ($PARTNERSHIPS_SIGNIN_DIR/accounts.json, default
data/signin/accounts.json, mode 0600), beside the key that signs the sign-in cookies (`key`) and the
count of recent wrong passwords (`failures.json`). Replicas that share the folder share all three, so a
browser stays signed in on whichever replica it reaches, and a wrong password counts on all of them.

Only a slow hash of each password is stored (bcrypt, cost 12: about a quarter of a second to check here).
After `FREE_FAILURES` wrong passwords in a row for one name, each further try has to wait: 2, 4, 8, …
seconds, at most `MAX_WAIT_SECONDS`; a right password resets the count. An unknown name is checked
against a dummy hash and counted the same way, so the answer does not say which names exist.

    python -m lib.accounts add NAME [--role editor|viewer] [--display-name TEXT] [--password-stdin]
    python -m lib.accounts passwd NAME [--password-stdin]
    python -m lib.accounts remove NAME
    python -m lib.accounts list

No streamlit here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import getpass
import hashlib
import json
import os
import re
import secrets
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import bcrypt

from lib import config

ROLES = ("editor", "viewer")
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
MIN_PASSWORD = 8
MAX_PASSWORD_BYTES = 72  # bcrypt reads no more
BCRYPT_ROUNDS = 12
FREE_FAILURES = 3
MAX_WAIT_SECONDS = 300
#: Failures older than this are forgotten.
FAILURE_MEMORY_SECONDS = 24 * 3600
MAX_FAILURE_ENTRIES = 5000
_DUMMY_HASH = bcrypt.hashpw(b"not a password of anyone", bcrypt.gensalt(BCRYPT_ROUNDS))


class AccountError(ValueError):
    """A name or password that cannot be used; `code` is the catalog key `accounts.error.<code>`."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(f"{code}: {params}" if params else code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    display_name: str
    password_hash: str
    created: str = ""

    @property
    def generation(self) -> str:
        """Changes when the password changes: a sign-in cookie names it, so a new password (or a removed
        account) ends every session signed in with the old one."""
        return hashlib.sha256(self.password_hash.encode("ascii")).hexdigest()[:16]


@dataclass(frozen=True)
class Attempt:
    """The outcome of a sign-in: `account` when the password was right; `wait` seconds before the next
    try is allowed when too many were wrong (then the password was not even looked at)."""

    account: Account | None
    wait: int = 0


def normalise_name(name: str) -> str:
    return name.strip().lower()


def check_name(name: str) -> str:
    name = normalise_name(name)
    if not NAME_PATTERN.fullmatch(name):
        raise AccountError("bad_name")
    return name


def check_password(password: str) -> bytes:
    raw = password.encode("utf-8")
    if len(password) < MIN_PASSWORD:
        raise AccountError("short_password", min=MIN_PASSWORD)
    if len(raw) > MAX_PASSWORD_BYTES:
        raise AccountError("long_password", max=MAX_PASSWORD_BYTES)
    return raw


class Accounts:
    """The accounts file and its neighbours in one folder (see the module's docstring)."""

    def __init__(self, folder: Path | None = None, rounds: int = BCRYPT_ROUNDS) -> None:
        self.folder = Path(folder or config.signin_dir())
        self.rounds = rounds
        self._cache: tuple[tuple[int, int], dict[str, Account]] | None = None

    @property
    def path(self) -> Path:
        return self.folder / "accounts.json"

    # --- the file -----------------------------------------------------------------------------------

    @contextmanager
    def _locked(self, name: str = ".lock") -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.folder / name, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def _write(self, path: Path, data: object) -> None:
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)

    def load(self) -> dict[str, Account]:
        """Every account by name (cached while the file is unchanged); empty when there is no file."""
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return {}
        stamp = (info.st_mtime_ns, info.st_size)
        if self._cache is not None and self._cache[0] == stamp:
            return self._cache[1]
        raw = json.loads(self.path.read_text(encoding="utf-8"))
        found = {
            name: Account(
                name,
                entry.get("role", "editor"),
                entry.get("display_name") or name,
                entry["hash"],
                entry.get("created", ""),
            )
            for name, entry in raw.get("accounts", {}).items()
        }
        self._cache = (stamp, found)
        return found

    def get(self, name: str) -> Account | None:
        return self.load().get(normalise_name(name))

    def _save(self, accounts: dict[str, Account]) -> None:
        data = {
            "version": 1,
            "accounts": {
                a.name: {
                    "hash": a.password_hash,
                    "role": a.role,
                    "display_name": a.display_name,
                    "created": a.created,
                }
                for a in sorted(accounts.values(), key=lambda a: a.name)
            },
        }
        self._write(self.path, data)
        self._cache = None

    def add(self, name: str, password: str, role: str = "editor", display_name: str = "") -> Account:
        name = check_name(name)
        if role not in ROLES:
            raise AccountError("bad_role", roles=", ".join(ROLES))
        raw = check_password(password)
        with self._locked():
            accounts = dict(self.load())
            if name in accounts:
                raise AccountError("exists", name=name)
            hashed = bcrypt.hashpw(raw, bcrypt.gensalt(self.rounds)).decode("ascii")
            created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            accounts[name] = Account(name, role, display_name.strip() or name, hashed, created)
            self._save(accounts)
            return accounts[name]

    def set_password(self, name: str, password: str) -> Account:
        name = normalise_name(name)
        raw = check_password(password)
        with self._locked():
            accounts = dict(self.load())
            if name not in accounts:
                raise AccountError("unknown", name=name)
            old = accounts[name]
            hashed = bcrypt.hashpw(raw, bcrypt.gensalt(self.rounds)).decode("ascii")
            accounts[name] = Account(name, old.role, old.display_name, hashed, old.created)
            self._save(accounts)
            return accounts[name]

    def remove(self, name: str) -> None:
        name = normalise_name(name)
        with self._locked():
            accounts = dict(self.load())
            if name not in accounts:
                raise AccountError("unknown", name=name)
            del accounts[name]
            self._save(accounts)

    # --- signing in ---------------------------------------------------------------------------------

    def _failures(self) -> dict[str, list[float]]:
        try:
            raw = json.loads((self.folder / "failures.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: v for k, v in raw.items() if isinstance(v, list) and len(v) == 2}

    @staticmethod
    def wait_after(failures: int) -> int:
        """Seconds to wait before the next try after `failures` wrong passwords in a row."""
        if failures < FREE_FAILURES:
            return 0
        return min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_FAILURES + 1))

    def sign_in(self, name: str, password: str, now: Callable[[], float] = time.time) -> Attempt:
        """Check a name and password, slowing down repeated wrong ones (see the module's docstring)."""
        key = normalise_name(name)[:64]
        with self._locked(".failures.lock"):
            failures = self._failures()
            count, last = failures.get(key, [0, 0.0])
            wait = self.wait_after(int(count)) - (now() - float(last))
            if wait > 0:
                return Attempt(None, int(wait) + 1)
        account = self.get(key) if NAME_PATTERN.fullmatch(key) else None
        hashed = account.password_hash.encode("ascii") if account else _DUMMY_HASH
        try:
            right = bcrypt.checkpw(password.encode("utf-8")[:MAX_PASSWORD_BYTES], hashed)
        except ValueError:  # a damaged hash in the file
            right = False
        right = right and account is not None
        with self._locked(".failures.lock"):
            failures = self._failures()
            moment = now()
            failures = {k: v for k, v in failures.items() if moment - float(v[1]) < FAILURE_MEMORY_SECONDS}
            if right:
                failures.pop(key, None)
            else:
                failures[key] = [int(failures.get(key, [0, 0])[0]) + 1, moment]
                if len(failures) > MAX_FAILURE_ENTRIES:  # someone trying many names: keep the latest
                    kept = sorted(failures.items(), key=lambda kv: kv[1][1])[-MAX_FAILURE_ENTRIES:]
                    failures = dict(kept)
            self._write(self.folder / "failures.json", failures)
        return Attempt(account if right else None)

    def signing_key(self) -> bytes:
        """The secret that signs sign-in cookies: made once (random), kept in the folder, shared by every
        replica that shares the folder."""
        path = self.folder / "key"
        try:
            return bytes.fromhex(path.read_text(encoding="ascii").strip())
        except FileNotFoundError:
            pass
        with self._locked():
            if not path.exists():
                self._write_key(path)
        return bytes.fromhex(path.read_text(encoding="ascii").strip())

    @staticmethod
    def _write_key(path: Path) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
            handle.flush()
            os.fsync(handle.fileno())


# --- the command line ------------------------------------------------------------------------------------


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise AccountError("passwords_differ")
    return first


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.accounts",
        description=f"Local accounts of the dashboard (kept in {config.signin_dir() / 'accounts.json'}).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add an account (asks for the password)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="editor")
    add.add_argument("--display-name", default="")
    add.add_argument("--password-stdin", action="store_true", help="read the password from one line of input")
    passwd = commands.add_parser("passwd", help="set a new password (ends its open sessions)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true")
    remove = commands.add_parser("remove", help="remove an account (ends its open sessions)")
    remove.add_argument("name")
    commands.add_parser("list", help="list the accounts")
    args = parser.parse_args(argv)
    store = Accounts()
    messages = {
        "bad_name": "A name is 1-64 characters: lower-case letters, digits, and . _ @ - (not first).",
        "bad_role": "The role is editor or viewer.",
        "short_password": f"The password needs at least {MIN_PASSWORD} characters.",
        "long_password": f"The password may have at most {MAX_PASSWORD_BYTES} bytes.",
        "exists": "That account exists already (passwd sets a new password).",
        "unknown": "There is no such account.",
        "passwords_differ": "The two passwords differ.",
    }
    try:
        if args.command == "add":
            account = store.add(args.name, _read_password(args.password_stdin), args.role, args.display_name)
            print(f"Added {account.name} ({account.role}) to {store.path}.")
        elif args.command == "passwd":
            store.set_password(args.name, _read_password(args.password_stdin))
            print(f"New password for {normalise_name(args.name)}; its open sessions are signed out.")
        elif args.command == "remove":
            store.remove(args.name)
            print(f"Removed {normalise_name(args.name)}; its open sessions are signed out.")
        else:
            for account in store.load().values():
                print(f"{account.name}\t{account.role}\t{account.display_name}\t{account.created}")
    except AccountError as exc:
        print(messages.get(exc.code, exc.code), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Cannot use {store.folder}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
