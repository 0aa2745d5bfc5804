#!/usr/bin/python3
"""Record the committed Chat wire fixtures (test/fixtures/<Op>__<case>/) from the oracle.

Run by hand from the repository root when the Chat WSDL or the oracle changes:

    /usr/bin/python3 test/conformance/record_fixtures.py            # writes test/fixtures/
    /usr/bin/python3 test/conformance/record_fixtures.py --check    # exit 1 if the fixtures differ

WSDL from $SO_WSDL_DIR (default ../shared/wsdl), oracle from $SO_ORACLE_DIR (default
../shared/oracle); both are read by path, nothing of them is copied except dump.py's output.

Cases:
  <Op>__sample         dump.py's files for the operation: args.json, request.xml, http.json,
                       response.xml, response.json, failed.xml, failed.json. request.xml is stored
                       with the ApplicationToken and Credentials/Ticket values redacted to ***
                       (test/fixtures.test compares our request after the same redaction).
  <Op>__distinct-keys  only where response.py's sampler repeats a dictionary Key (the topic entity
                       operations: TimeZoneRule entries keyed by the same dateTime): the same files,
                       the responses re-rendered by zeep with distinct keys (oracle_driver.py).
No file may contain a secret: the script checks that dump.py's header values appear nowhere.
"""
import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in test/conformance or ../shared/oracle
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"
FILES = ["args.json", "request.xml", "http.json", "response.xml", "response.json", "failed.xml", "failed.json"]
SECRETS = ["app&<token>", "7T:ticket\"'<x>"]


def escaped(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def redact(oraclelib, xml_bytes):
    """The canonical request with the header secrets replaced by ***."""
    root = oraclelib.parse_xml(xml_bytes, "request.xml")
    for header in root:
        if not isinstance(header.tag, str) or not header.tag.endswith("}Header"):
            continue
        for block in header:
            if not isinstance(block.tag, str):
                continue
            local = block.tag.rpartition("}")[2]
            if local == "ApplicationToken":
                block.text = "***"
            elif local == "Credentials":
                for c in block:
                    if isinstance(c.tag, str) and c.tag.rpartition("}")[2] == "Ticket":
                        c.text = "***"
    return oraclelib.canonicalize(root)


def record(out, wsdl, oracle):
    sys.path.insert(0, HERE)
    import oracle_driver as D

    D.load_oracle(oracle)
    import oraclelib as L

    with tempfile.TemporaryDirectory(prefix="so-soap-record-") as tmp:
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        subprocess.run([PY, os.path.join(oracle, "dump.py"), "--out", tmp, wsdl], check=True, env=env)
        service = os.path.basename(wsdl).replace("Services88-", "").rsplit(".", 1)[0]
        base = os.path.join(tmp, service)
        ops = sorted(os.listdir(base))
        for op in ops:
            src = os.path.join(base, op)
            dst = os.path.join(out, op + "__sample")
            os.makedirs(dst, exist_ok=True)
            for f in FILES:
                if f == "request.xml":
                    with open(os.path.join(src, f), "rb") as fh:
                        text = redact(L, fh.read())
                    with open(os.path.join(dst, f), "w", encoding="utf-8") as fh:
                        fh.write(text)
                else:
                    shutil.copyfile(os.path.join(src, f), os.path.join(dst, f))
            if has_repeated_keys(src):
                dk = os.path.join(out, op + "__distinct-keys")
                os.makedirs(dk, exist_ok=True)
                for f in ("args.json", "request.xml", "http.json"):
                    shutil.copyfile(os.path.join(dst, f), os.path.join(dk, f))
                D.write_distinct_key_responses(wsdl, op, dk)
    for dirpath, _, names in os.walk(out):
        for n in names:
            with open(os.path.join(dirpath, n), encoding="utf-8") as fh:
                text = fh.read()
            for s in SECRETS:
                for form in (s, escaped(s), json.dumps(s)[1:-1]):
                    if form in text:
                        raise SystemExit("record_fixtures.py: error: a secret is in %s" % os.path.join(dirpath, n))
    return ops


def has_repeated_keys(op_dir):
    """Whether response.xml repeats a Key inside one dictionary (the sampler's quirk)."""
    from lxml import etree

    root = etree.parse(os.path.join(op_dir, "response.xml")).getroot()
    for el in root.iter():
        pairs = [c for c in el if isinstance(c.tag, str) and len(c) == 2
                 and str(c[0].tag).endswith("}Key") and str(c[1].tag).endswith("}Value")]
        if len(pairs) > 1:
            texts = [p[0].text for p in pairs]
            if len(set(texts)) != len(texts):
                return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with test/fixtures instead of writing")
    a = ap.parse_args()
    wsdl_dir = os.environ.get("SO_WSDL_DIR") or os.path.join(REPO, "..", "shared", "wsdl")
    oracle = os.environ.get("SO_ORACLE_DIR") or os.path.join(REPO, "..", "shared", "oracle")
    wsdl = os.path.abspath(os.path.join(wsdl_dir, "Services88-Chat.wsdl"))
    target = os.path.join(REPO, "test", "fixtures")
    if a.check:
        with tempfile.TemporaryDirectory(prefix="so-soap-fixtures-") as tmp:
            record(tmp, wsdl, os.path.abspath(oracle))
            cmp = filecmp.dircmp(tmp, target, ignore=["README.md"])
            diffs = differences(cmp)
            for d in diffs:
                print(d)
            return 1 if diffs else 0
    for name in os.listdir(target) if os.path.isdir(target) else []:
        if "__" in name:
            shutil.rmtree(os.path.join(target, name))
    ops = record(target, wsdl, os.path.abspath(oracle))
    print("record_fixtures.py: %d Chat operations recorded in %s" % (len(ops), target))
    return 0


def differences(cmp, prefix=""):
    out = ["only in the new recording: %s%s" % (prefix, n) for n in cmp.left_only]
    out += ["only in test/fixtures: %s%s" % (prefix, n) for n in cmp.right_only]
    out += ["differs: %s%s" % (prefix, n) for n in cmp.diff_files]
    for name, sub in cmp.subdirs.items():
        out += differences(sub, prefix + name + "/")
    return out


if __name__ == "__main__":
    sys.exit(main())
