"""Tests of infra/scripts/secrets.py against a moto_server on 127.0.0.1.

Run with the project venv (moto[server] and boto3 come from tests/e2e/requirements.txt):

    .venv/bin/python -m unittest discover -s tests/deploy -v

The server side (the Rust server reading what the script wrote, rotation keeping tokens
valid) is covered by tests/tests/template.rs; this file covers the script's own behaviour.
"""

import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "infra" / "scripts" / "secrets.py"
VENV_BIN = ROOT / ".venv" / "bin"

# Values that must never appear in the script's output.
CLIENT_SECRET = "cs-9f8e7d6c5b4a"
PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIfake\n-----END PRIVATE KEY-----"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SecretsScript(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        moto = VENV_BIN / "moto_server"
        program = str(moto) if moto.exists() else "moto_server"
        cls.port = free_port()
        cls.moto = subprocess.Popen(
            [program, "-H", "127.0.0.1", "-p", str(cls.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", cls.port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    cls.moto.kill()
                    raise RuntimeError("moto_server did not start")
                time.sleep(0.1)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.counter = 0

    @classmethod
    def tearDownClass(cls):
        cls.moto.terminate()
        cls.moto.wait(timeout=10)
        cls.tmp.cleanup()

    def env(self, extra=None):
        env = {
            "PATH": os.environ.get("PATH", ""),
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": f"http://127.0.0.1:{self.port}",
            "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        }
        env.update(extra or {})
        return env

    def run_script(self, *args, env=None, stdin=None):
        out = subprocess.run(
            [sys.executable, str(SCRIPT), *args],
            env=self.env(env),
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
        text = out.stdout + out.stderr
        for value in (CLIENT_SECRET, PRIVATE_KEY, "MIIfake"):
            self.assertNotIn(value, text, "a secret value was printed")
        return out.returncode, text

    def name(self):
        type(self).counter += 1
        return f"zscaler/t{type(self).counter}"

    def file(self, name, text):
        path = Path(self.tmp.name) / name
        path.write_text(text)
        return str(path)

    def stored(self, name):
        import boto3

        sm = boto3.client(
            "secretsmanager",
            region_name="us-east-1",
            endpoint_url=f"http://127.0.0.1:{self.port}",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        return json.loads(sm.get_secret_value(SecretId=name)["SecretString"]), sm

    def creds_env(self, **extra):
        env = {
            "ZSCALER_CLIENT_ID": "client-1",
            "ZSCALER_CLIENT_SECRET": CLIENT_SECRET,
            "ZSCALER_VANITY_DOMAIN": "acme",
        }
        env.update(extra)
        return env

    # --- create ---------------------------------------------------------------------

    def test_create_from_env_keeps_only_allowlisted_keys_and_adds_a_ring(self):
        name = self.name()
        code, out = self.run_script(
            "create", name, "--from-env",
            env=self.creds_env(ZSCALER_MCP_DEBUG="true", GITHUB_TOKEN="ghp_not_for_the_secret"),
        )
        self.assertEqual(code, 0, out)
        self.assertIn("created arn:aws:secretsmanager:us-east-1:", out)
        value, _ = self.stored(name)
        self.assertEqual(
            sorted(value),
            ["ZSCALER_CLIENT_ID", "ZSCALER_CLIENT_SECRET", "ZSCALER_MCP_REQUEST_STATE_KEYS",
             "ZSCALER_VANITY_DOMAIN"],
        )
        ring = value["ZSCALER_MCP_REQUEST_STATE_KEYS"]
        self.assertNotIn(ring, out)
        import base64
        self.assertEqual(len(base64.b64decode(ring, validate=True)), 32)

    def test_create_refuses_an_existing_secret_without_update(self):
        name = self.name()
        self.assertEqual(self.run_script("create", name, "--from-env", env=self.creds_env())[0], 0)
        code, out = self.run_script("create", name, "--from-env", env=self.creds_env())
        self.assertEqual(code, 1)
        self.assertIn("exists; use --update", out)

    def test_files_env_and_json_forms(self):
        name = self.name()
        dotenv = self.file(
            "a.env",
            "# credentials\n"
            "export ZSCALER_CLIENT_ID=client-2\n"
            f"ZSCALER_PRIVATE_KEY=\"{PRIVATE_KEY.replace(chr(10), chr(92) + 'n')}\"\n"
            "ZSCALER_VANITY_DOMAIN='acme'\n",
        )
        extra = self.file("b.json", json.dumps({"ZSCALER_CUSTOMER_ID": 123456, "ZSCALER_MCP_WRITE_ENABLED": False}))
        code, out = self.run_script("create", name, "--file", dotenv, "--file", extra)
        self.assertEqual(code, 0, out)
        value, _ = self.stored(name)
        self.assertEqual(value["ZSCALER_PRIVATE_KEY"], PRIVATE_KEY)
        self.assertEqual(value["ZSCALER_VANITY_DOMAIN"], "acme")
        self.assertEqual(value["ZSCALER_CUSTOMER_ID"], "123456")
        self.assertEqual(value["ZSCALER_MCP_WRITE_ENABLED"], "false")

    def test_unknown_keys_in_a_file_are_refused_by_name_only(self):
        path = self.file("bad.json", json.dumps({"ZSCALER_CLIENT_ID": "x", "DB_PASSWORD": "hunter2-secret"}))
        code, out = self.run_script("create", self.name(), "--file", path)
        self.assertEqual(code, 2)
        self.assertIn("DB_PASSWORD", out)
        self.assertNotIn("hunter2-secret", out)

    def test_credentials_are_checked(self):
        code, out = self.run_script("create", self.name(), "--from-env", env={"ZSCALER_CLIENT_ID": "x"})
        self.assertEqual(code, 1)
        self.assertIn("ZSCALER_VANITY_DOMAIN", out)
        self.assertIn("ZSCALER_CLIENT_SECRET", out)
        code, out = self.run_script(
            "create", self.name(), "--from-env",
            env=self.creds_env(ZSCALER_PRIVATE_KEY=PRIVATE_KEY),
        )
        self.assertEqual(code, 1)
        self.assertIn("not both", out)
        name = self.name()
        code, out = self.run_script("create", name, "--from-env", "--allow-incomplete",
                                    env={"ZSCALER_CLOUD": "beta"})
        self.assertEqual(code, 0, out)
        self.assertEqual(sorted(self.stored(name)[0]), ["ZSCALER_CLOUD", "ZSCALER_MCP_REQUEST_STATE_KEYS"])

    def test_a_bad_ring_given_explicitly_is_refused(self):
        code, out = self.run_script(
            "create", self.name(), "--from-env",
            env=self.creds_env(ZSCALER_MCP_REQUEST_STATE_KEYS="too-short"),
        )
        self.assertEqual(code, 1)
        self.assertIn("key 1 is not base64 or hex", out)
        self.assertNotIn("too-short", out)

    def test_update_merges_keeps_the_ring_and_drops_unknown_or_empty_keys(self):
        name = self.name()
        _, sm = self.stored_client()
        # What the SAM template creates: empty placeholders plus a generated ring.
        ring = "Zq8Rb3Xk0PmW7sLc2VtN9yHd4JfG6aQe1UoI5rTxKwEvBnMhCgYpDjSlAz0RuF3i"
        sm.create_secret(Name=name, SecretString=json.dumps({
            "ZSCALER_CLIENT_ID": "", "ZSCALER_CLIENT_SECRET": "", "ZSCALER_VANITY_DOMAIN": "",
            "ZSCALER_CUSTOMER_ID": "", "LEGACY_KEY": "x", "ZSCALER_MCP_REQUEST_STATE_KEYS": ring,
        }))
        key_file = str(Path(self.tmp.name) / "api-key")
        code, out = self.run_script("create", name, "--update", "--from-env",
                                    "--generate-api-key", key_file, env=self.creds_env())
        self.assertEqual(code, 0, out)
        self.assertIn("removed keys the server does not read: LEGACY_KEY", out)
        value, _ = self.stored(name)
        self.assertEqual(value["ZSCALER_MCP_REQUEST_STATE_KEYS"], ring)
        self.assertNotIn("ZSCALER_CUSTOMER_ID", value)
        self.assertNotIn("LEGACY_KEY", value)
        api_key = Path(key_file).read_text().strip()
        self.assertEqual(value["ZSCALER_MCP_AUTH_API_KEY"], api_key)
        self.assertNotIn(api_key, out)
        self.assertEqual(stat.S_IMODE(os.stat(key_file).st_mode), 0o600)

    def test_update_needs_an_existing_secret(self):
        code, out = self.run_script("create", self.name(), "--update", "--from-env", env=self.creds_env())
        self.assertEqual(code, 1)
        self.assertIn("does not exist", out)

    def test_a_non_json_secret_is_never_overwritten(self):
        name = self.name()
        _, sm = self.stored_client()
        sm.create_secret(Name=name, SecretString="plain-text-secret")
        for args in (["create", name, "--update", "--from-env"], ["rotate-keys", name]):
            code, out = self.run_script(*args, env=self.creds_env())
            self.assertEqual(code, 1)
            self.assertIn("not a flat JSON object", out)
            self.assertNotIn("plain-text-secret", out)
        self.assertEqual(sm.get_secret_value(SecretId=name)["SecretString"], "plain-text-secret")

    # --- rotate-keys and show -----------------------------------------------------------

    def ring_of(self, name):
        value, _ = self.stored(name)
        return value["ZSCALER_MCP_REQUEST_STATE_KEYS"].split(",")

    def test_rotation_prepends_and_keeps_at_most_n_old_keys(self):
        name = self.name()
        self.run_script("create", name, "--from-env", env=self.creds_env())
        first = self.ring_of(name)
        self.assertEqual(len(first), 1)
        self.assertEqual(self.run_script("rotate-keys", name)[0], 0)
        second = self.ring_of(name)
        self.assertEqual(second[1:], first)
        self.assertEqual(self.run_script("rotate-keys", name)[0], 0)
        third = self.ring_of(name)
        self.assertEqual(len(third), 2, "default --keep 1")
        self.assertEqual(third[1], second[0])
        self.assertEqual(self.run_script("rotate-keys", name, "--keep", "3")[0], 0)
        self.assertEqual(self.ring_of(name)[1:], third)
        self.assertEqual(self.run_script("rotate-keys", name, "--keep", "0")[0], 0)
        self.assertEqual(len(self.ring_of(name)), 1)
        # Other values are untouched.
        self.assertEqual(self.stored(name)[0]["ZSCALER_CLIENT_SECRET"], CLIENT_SECRET)

    def test_stage_then_promote(self):
        name = self.name()
        self.run_script("create", name, "--from-env", env=self.creds_env())
        code, out = self.run_script("rotate-keys", name, "--promote")
        self.assertEqual(code, 1)
        self.assertIn("nothing to promote", out)
        old = self.ring_of(name)
        self.assertEqual(self.run_script("rotate-keys", name, "--stage")[0], 0)
        staged = self.ring_of(name)
        self.assertEqual(staged[0], old[0], "a staged key does not sign")
        self.assertEqual(len(staged), 2)
        code, out = self.run_script("rotate-keys", name, "--promote")
        self.assertEqual(code, 0, out)
        self.assertEqual(self.ring_of(name), [staged[1], old[0]])
        self.assertIn("(signs)", out)

    def test_show_names_keys_never_values(self):
        name = self.name()
        self.run_script("create", name, "--from-env", env=self.creds_env())
        code, out = self.run_script("show", name)
        self.assertEqual(code, 0, out)
        self.assertIn("ZSCALER_CLIENT_SECRET: set", out)
        self.assertNotIn(self.ring_of(name)[0], out)
        self.assertRegex(out, r"key ring: [0-9a-f]{12} \(signs\)")

    def test_missing_secret_and_missing_region(self):
        code, out = self.run_script("rotate-keys", "zscaler/nope")
        self.assertEqual(code, 1)
        self.assertIn("does not exist", out)
        code, out = self.run_script("show", "zscaler/nope", env={"AWS_REGION": ""})
        self.assertEqual(code, 1)
        self.assertIn("region", out.lower())

    def stored_client(self):
        import boto3

        return None, boto3.client(
            "secretsmanager",
            region_name="us-east-1",
            endpoint_url=f"http://127.0.0.1:{self.port}",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )


if __name__ == "__main__":
    unittest.main()
