#!/usr/bin/env python3
"""Create and maintain the zscaler-mcp credentials secret in AWS Secrets Manager.

The server reads ONE secret (ZSCALER_SECRET_NAME): a flat JSON object with the OneAPI
credentials and the confirmation / request-state key ring (ZSCALER_MCP_REQUEST_STATE_KEYS).
Only the keys the server accepts (shared/src/secrets.rs SECRET_KEYS) are ever written.

    secrets.py create NAME [--from-env] [--file F]... [--update] [--generate-api-key FILE]
    secrets.py rotate-keys NAME [--keep N] [--stage | --promote]
    secrets.py show NAME

Several tenants (ZSCALER_MCP_TENANTS, README "Several tenants"): create one secret per
tenant with that tenant's credentials (`create tenants/acme --file acme.env`), list
`id=ARN` pairs in the template's Tenants parameter and the same ARNs in TenantSecretArns.
The server reads only the credential keys from a tenant secret (the key ring and
client-authentication keys stay in the main secret; in a tenant secret they are ignored).

Runs against real AWS by default (the usual boto3 credential chain and region), or against
moto with AWS_ENDPOINT_URL_SECRETS_MANAGER / --endpoint-url. Secret values are never
printed: output names keys, and identifies ring keys by the same key id the server uses
(first 6 bytes of SHA-256 of the key material, in hex).

Rotation: `rotate-keys` prepends a fresh key (it signs from now on) and keeps at most
--keep older keys (default 1), which still verify tokens minted before. A warm Lambda
container that meets a token it cannot verify re-reads the ring from the secret (at most
every 30 s, or the secret TTL if shorter), so it accepts tokens signed with the new key and
signs with it from then on; until it has met one, it keeps signing with the old key, which
is why --keep must stay at least 1 for one confirmation TTL. The two-phase rotation avoids
even that window: `rotate-keys --stage` (the new key is added last: verify-only), wait
until every container has restarted or re-read it, then `rotate-keys --promote` (it moves
to the front and signs).
"""

from __future__ import annotations

import os
import sys

# This file is named secrets.py, like the standard library module that boto3's dependencies
# import: keep its own directory off the import path so `import secrets` finds the stdlib.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import base64  # noqa: E402
import binascii  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import secrets  # noqa: E402
import stat  # noqa: E402

# shared/src/secrets.rs SECRET_KEYS (tests/tests/template.rs checks this copy stays equal).
SECRET_KEYS = (
    "ZSCALER_CLIENT_ID",
    "ZSCALER_CLIENT_SECRET",
    "ZSCALER_PRIVATE_KEY",
    "ZSCALER_VANITY_DOMAIN",
    "ZSCALER_CUSTOMER_ID",
    "ZCELL_CUSTOMER_ID",
    "ZSCALER_CLOUD",
    "ZSCALER_MCP_AUTH_API_KEY",
    "ZSCALER_MCP_AUTH_JWKS_URI",
    "ZSCALER_MCP_AUTH_ISSUER",
    "ZSCALER_MCP_AUTH_AUDIENCE",
    "ZSCALER_MCP_REQUEST_STATE_KEYS",
    "ZSCALER_MCP_WRITE_ENABLED",
    "ZSCALER_MCP_WRITE_TOOLS",
    "OIDCPROXY_CLIENT_SECRET",
)
RING_KEY = "ZSCALER_MCP_REQUEST_STATE_KEYS"
API_KEY = "ZSCALER_MCP_AUTH_API_KEY"
KEY_BYTES = 32
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
URLSAFE = frozenset(_ALNUM + "-_")
STANDARD = frozenset(_ALNUM + "+/")
HEX = frozenset("0123456789abcdefABCDEF")


class Failure(Exception):
    """A user-facing error: printed as one line, exit status 1 (or `status`)."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


# --- key ring ---------------------------------------------------------------------------


def new_key() -> str:
    """32 random bytes, standard base64 (what `openssl rand -base64 32` prints)."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def decode_key(text: str) -> bytes | None:
    """The server's decoding (shared/src/confirm/mod.rs decode_key): URL-safe base64 without
    padding, standard base64, or hex; the longest decoding of at least 32 bytes wins."""
    t = text.strip()
    candidates = []
    u = t.rstrip("=")
    if u and len(u) % 4 != 1 and all(c in URLSAFE for c in u):
        candidates.append(base64.urlsafe_b64decode(u + "=" * (-len(u) % 4)))
    if t and len(t) % 4 == 0 and all(c in STANDARD for c in t.rstrip("=")):
        try:
            candidates.append(base64.b64decode(t, validate=True))
        except (binascii.Error, ValueError):
            pass
    if t and len(t) % 2 == 0 and all(c in HEX for c in t):
        candidates.append(bytes.fromhex(t))
    good = [c for c in candidates if len(c) >= KEY_BYTES]
    return max(good, key=len) if good else None


def key_id(text: str) -> str:
    material = decode_key(text)
    if material is None:
        return "invalid"
    return hashlib.sha256(material).hexdigest()[:12]


def parse_ring(value: str) -> list[str]:
    """A JSON array of strings or a comma-separated list, as KeyRing::parse reads it."""
    value = value.strip()
    if value.startswith("["):
        try:
            items = json.loads(value)
        except json.JSONDecodeError:
            raise Failure(f"{RING_KEY} in the secret is not a JSON array or a comma list")
        if not all(isinstance(i, str) for i in items):
            raise Failure(f"{RING_KEY} in the secret must be an array of strings")
    else:
        items = value.split(",")
    ring = [i.strip() for i in items if i.strip()]
    for n, item in enumerate(ring, 1):
        if decode_key(item) is None:
            raise Failure(f"{RING_KEY}: key {n} is not base64 or hex of at least 32 bytes")
    return ring


def format_ring(ring: list[str]) -> str:
    return ",".join(ring)


def describe_ring(ring: list[str]) -> str:
    roles = ["signs"] + ["verifies"] * (len(ring) - 1)
    return ", ".join(f"{key_id(k)} ({r})" for k, r in zip(ring, roles))


# --- input ------------------------------------------------------------------------------


def read_file_values(path: str) -> dict[str, str]:
    """A JSON object, or KEY=VALUE lines (.env style: comments, `export`, quotes)."""
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
    except OSError as e:
        raise Failure(f"cannot read {path}: {e.strerror}")
    stripped = text.lstrip()
    values: dict[str, str] = {}
    if stripped.startswith("{"):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise Failure(f"{path}: not valid JSON (line {e.lineno})")
        for k, v in obj.items():
            if isinstance(v, bool):
                v = "true" if v else "false"
            elif isinstance(v, (int, float)):
                v = str(v)
            elif not isinstance(v, str):
                raise Failure(f"{path}: {k} must be a string, number or boolean")
            values[k] = v
    else:
        for n, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("export "):
                line = line[len("export "):].lstrip()
            if "=" not in line:
                raise Failure(f"{path}:{n}: expected KEY=VALUE")
            k, v = line.split("=", 1)
            k, v = k.strip(), v.strip()
            if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
                v = v[1:-1]
                if line.split("=", 1)[1].strip()[0] == '"':
                    v = v.replace("\\n", "\n")  # PEM keys written on one line
            values[k] = v
    unknown = sorted(k for k in values if k not in SECRET_KEYS)
    if unknown:
        raise Failure(
            f"{path}: keys the server does not read from the secret: {', '.join(unknown)} "
            f"(allowed: {', '.join(SECRET_KEYS)})",
            status=2,
        )
    return values


def env_values() -> dict[str, str]:
    return {k: os.environ[k] for k in SECRET_KEYS if os.environ.get(k, "").strip()}


def check_credentials(values: dict[str, str], allow_incomplete: bool) -> None:
    if values.get("ZSCALER_CLIENT_SECRET") and values.get("ZSCALER_PRIVATE_KEY"):
        raise Failure("set ZSCALER_CLIENT_SECRET or ZSCALER_PRIVATE_KEY, not both")
    missing = [k for k in ("ZSCALER_CLIENT_ID", "ZSCALER_VANITY_DOMAIN") if not values.get(k)]
    if not (values.get("ZSCALER_CLIENT_SECRET") or values.get("ZSCALER_PRIVATE_KEY")):
        missing.append("ZSCALER_CLIENT_SECRET (or ZSCALER_PRIVATE_KEY)")
    if missing and not allow_incomplete:
        raise Failure(
            "missing " + ", ".join(missing)
            + " (the server will not start without them; --allow-incomplete to store anyway)"
        )
    api_key = values.get(API_KEY)
    if api_key and any(len(k.strip()) < 16 for k in api_key.split(",") if k.strip()):
        raise Failure(f"{API_KEY}: every key must be at least 16 characters")


# --- Secrets Manager --------------------------------------------------------------------


def client(args):
    try:
        import boto3
    except ImportError:
        raise Failure("boto3 is needed: run with the project venv (.venv/bin/python)")
    kwargs = {}
    # boto3 reads AWS_DEFAULT_REGION; the server (and the AWS CLI v2) also AWS_REGION.
    region = args.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if region:
        kwargs["region_name"] = region
    if args.endpoint_url:
        kwargs["endpoint_url"] = args.endpoint_url
    try:
        return boto3.client("secretsmanager", **kwargs)
    except Exception as e:  # NoRegionError and friends
        raise Failure(f"cannot create a Secrets Manager client: {e}")


def aws_call(what: str, fn, **kwargs):
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return fn(**kwargs)
    except ClientError as e:
        code = e.response.get("Error", {}).get("Code", "error")
        raise Failure(f"{what} failed: {code}")
    except BotoCoreError as e:
        raise Failure(f"{what} failed: {type(e).__name__}")


def read_secret(sm, name: str) -> tuple[str, dict[str, str]] | None:
    from botocore.exceptions import ClientError

    try:
        out = sm.get_secret_value(SecretId=name)
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            return None
        raise Failure(f"reading {name} failed: {e.response.get('Error', {}).get('Code')}")
    try:
        obj = json.loads(out.get("SecretString") or "")
    except json.JSONDecodeError:
        obj = None
    if not isinstance(obj, dict):
        raise Failure(f"{name} is not a flat JSON object; refusing to change it")
    values: dict[str, str] = {}
    for k, v in obj.items():
        if isinstance(v, bool):
            values[k] = "true" if v else "false"
        elif isinstance(v, (int, float, str)):
            values[k] = str(v)
        else:
            raise Failure(f"{name}: {k} is not a string, number or boolean; refusing to change it")
    return out["ARN"], values


def write_api_key_file(path: str, key: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key + "\n")
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def cmd_create(args) -> None:
    values: dict[str, str] = {}
    if args.from_env:
        values.update(env_values())
    for path in args.file or []:
        values.update(read_file_values(path))
    if not values and not args.generate_api_key:
        raise Failure("no values: pass --from-env and/or --file")
    if RING_KEY in values:
        parse_ring(values[RING_KEY])  # a ring given explicitly must parse

    sm = client(args)
    existing = read_secret(sm, args.name)
    if existing and not args.update:
        raise Failure(f"secret {args.name} exists; use --update to change its values")
    if args.update and not existing:
        raise Failure(f"secret {args.name} does not exist (drop --update to create it)")

    # Keys the server ignores are dropped, and so are empty values: a secret value overrides
    # the function's environment, so an empty one would only hide a setting.
    merged = {k: v for k, v in (existing[1] if existing else {}).items() if v.strip()}
    dropped = sorted(k for k in merged if k not in SECRET_KEYS)
    for k in dropped:
        del merged[k]
    for k, v in values.items():
        if v.strip():
            merged[k] = v
        else:
            merged.pop(k, None)
    if args.generate_api_key:
        api_key = secrets.token_urlsafe(32)
        merged[API_KEY] = api_key
    if not merged.get(RING_KEY, "").strip():
        merged[RING_KEY] = new_key()
    check_credentials(merged, args.allow_incomplete)
    body = json.dumps(merged, sort_keys=True)

    if existing:
        aws_call("put_secret_value", sm.put_secret_value, SecretId=existing[0], SecretString=body)
        arn, verb = existing[0], "updated"
    else:
        kwargs = {"Name": args.name, "SecretString": body, "Description": args.description}
        if args.kms_key_id:
            kwargs["KmsKeyId"] = args.kms_key_id
        arn = aws_call("create_secret", sm.create_secret, **kwargs)["ARN"]
        verb = "created"
    if args.generate_api_key:
        write_api_key_file(args.generate_api_key, api_key)
    print(f"{verb} {arn}")
    print(f"keys: {', '.join(sorted(merged))}")
    if dropped:
        print(f"removed keys the server does not read: {', '.join(dropped)}")
    print(f"key ring: {describe_ring(parse_ring(merged[RING_KEY]))}")
    if args.generate_api_key:
        print(f"API key written to {args.generate_api_key} (mode 0600)")


def cmd_rotate(args) -> None:
    if args.keep < 0:
        raise Failure("--keep must be 0 or more")
    sm = client(args)
    existing = read_secret(sm, args.name)
    if not existing:
        raise Failure(f"secret {args.name} does not exist")
    arn, values = existing
    ring = parse_ring(values.get(RING_KEY, "")) if values.get(RING_KEY, "").strip() else []
    if args.promote:
        if len(ring) < 2:
            raise Failure("nothing to promote: the ring has fewer than 2 keys")
        ring = [ring[-1]] + ring[:-1][: args.keep]
    elif args.stage:
        ring = ring + [new_key()]
    else:
        ring = [new_key()] + ring[: args.keep]
    values[RING_KEY] = format_ring(ring)
    aws_call(
        "put_secret_value",
        sm.put_secret_value,
        SecretId=arn,
        SecretString=json.dumps(values, sort_keys=True),
    )
    print(f"updated {arn}")
    print(f"key ring: {describe_ring(ring)}")


def cmd_show(args) -> None:
    sm = client(args)
    existing = read_secret(sm, args.name)
    if not existing:
        raise Failure(f"secret {args.name} does not exist")
    arn, values = existing
    print(arn)
    for k in sorted(values):
        state = "set" if values[k].strip() else "empty"
        note = "" if k in SECRET_KEYS else "  (ignored by the server)"
        print(f"  {k}: {state}{note}")
    if values.get(RING_KEY, "").strip():
        print(f"key ring: {describe_ring(parse_ring(values[RING_KEY]))}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--region", help="AWS region (default: AWS_REGION / the boto3 chain)")
    p.add_argument(
        "--endpoint-url",
        default=os.environ.get("AWS_ENDPOINT_URL_SECRETS_MANAGER") or None,
        help="Secrets Manager endpoint (default: AWS_ENDPOINT_URL_SECRETS_MANAGER, else AWS)",
    )
    sub = p.add_subparsers(dest="command", required=True)

    c = sub.add_parser("create", help="create (or --update) the secret with a fresh key ring")
    c.add_argument("name", help="secret name or ARN")
    c.add_argument("--from-env", action="store_true", help="take allowlisted keys from the environment")
    c.add_argument("--file", action="append", help="JSON object or KEY=VALUE file ('-': stdin); repeatable")
    c.add_argument("--update", action="store_true", help="merge into an existing secret, keeping its key ring")
    c.add_argument("--generate-api-key", metavar="FILE", help="store a new random ZSCALER_MCP_AUTH_API_KEY and write it to FILE (0600)")
    c.add_argument("--allow-incomplete", action="store_true", help="store even without client id/secret/vanity domain")
    c.add_argument("--kms-key-id", help="customer-managed KMS key for a new secret")
    c.add_argument("--description", default="Zscaler OneAPI credentials and the MCP confirmation key ring")
    c.set_defaults(func=cmd_create)

    r = sub.add_parser("rotate-keys", help="add a fresh key to the key ring")
    r.add_argument("name", help="secret name or ARN")
    r.add_argument("--keep", type=int, default=1, help="older keys to keep after the signing key (default 1; --stage keeps all)")
    g = r.add_mutually_exclusive_group()
    g.add_argument("--stage", action="store_true", help="add the new key last (verify-only); phase 1 of 2")
    g.add_argument("--promote", action="store_true", help="move the last key to the front (it signs); phase 2 of 2")
    r.set_defaults(func=cmd_rotate)

    s = sub.add_parser("show", help="list the secret's keys (never values) and key ids")
    s.add_argument("name", help="secret name or ARN")
    s.set_defaults(func=cmd_show)

    args = p.parse_args(argv)
    try:
        args.func(args)
    except Failure as e:
        print(f"secrets.py: {e}", file=sys.stderr)
        return e.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
