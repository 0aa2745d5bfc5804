#!/usr/bin/python3
"""Batch driver for the conformance tests (test/conformance/*.test.ts, record_fixtures.py).

Our own script, not part of the oracle: it imports the oracle's modules from ORACLE_DIR
(../shared/oracle) and does in ONE Python process what would otherwise be one canon.py /
validate.sh / response.py spawn per operation.

usage: oracle_driver.py --oracle ORACLE_DIR JOBS.json > RESULTS.json

JOBS.json:
  {"wsdls": {"Chat": "/path/Services88-Chat.wsdl", ...},
   "requests": [{"id": "Chat/GetChatMessages", "wsdl": "Chat", "op": "GetChatMessages",
                 "ours": "/tmp/x/ours.xml", "expected": "/tmp/orc/Chat/GetChatMessages/request.xml"}],
   "distinctKeys": [{"id": "Chat/GetChatTopicEntity", "wsdl": "Chat", "op": "GetChatTopicEntity",
                     "out": "/tmp/x/distinct/Chat/GetChatTopicEntity"}]}

"requests": for every job
  * canonical comparison: oraclelib.canonicalize (what canon.py prints) of both files;
  * validation as `validate.sh --operation OP WSDL ENVELOPE` does it: split_envelope.split with the
    operation's expectations (SOAP 1.1 frame, body/header element names), then every part validated
    against wsdl2xsd's all.xsd with lxml.etree.XMLSchema (the same libxml2 as xmllint --schema).
    wsdl2xsd runs once per WSDL, and the WSDL is parsed once for all its operations.
"distinctKeys": dump.py's response.xml/json and failed.xml/json again, with one change: the sample
  response's dictionary entries get distinct keys (project_shape.dedupe_keys, the same function
  dump.py applies to the arguments). response.py's sampler repeats a dictionary Key (e.g. two
  TimeZoneRule entries keyed 2024-01-02T03:04:05), which our decoder rejects as data loss and the
  oracle's projection silently collapses; with distinct keys both sides see the same data.
Prints {"results": [{"id", "equal", "ours", "expected", "valid", "validation": [..]}],
        "distinctKeys": [{"id", "files": [..]} | {"id", "error"}]}.
"""
import argparse
import json
import os
import sys
import tempfile

from lxml import etree


def load_oracle(oracle_dir):
    sys.path.insert(0, os.path.abspath(oracle_dir))
    import oraclelib  # noqa: F401
    import split_envelope as S

    # split_envelope.wsdl_expectations parses the WSDL on every call; give it a cached parse so a
    # 305-operation WSDL is read once (same parser options, same document, read-only use).
    class CachedEtree:
        def __init__(self):
            self.cache = {}

        def parse(self, path, parser=None):
            key = os.path.abspath(path)
            if key not in self.cache:
                self.cache[key] = etree.parse(path, parser)
            return self.cache[key]

        def __getattr__(self, name):
            return getattr(etree, name)

    if not isinstance(S.etree, CachedEtree):
        S.etree = CachedEtree()


WSDL_NS = "{http://schemas.xmlsoap.org/wsdl/}"
SOAP_BINDING_NS = "{http://schemas.xmlsoap.org/wsdl/soap/}"


def all_expectations(wsdl_path):
    """split_envelope.wsdl_expectations for every operation of a WSDL in one pass.

    The oracle's function walks every wsdl:message once per call (about 15 s for the 305 operations
    of List.wsdl); this builds the same tables once. It follows the oracle's rules (first portType
    operation of the name, first binding operation of the name in document order, the input/output
    message's first part as the body element, soap:header parts by message and part name) and uses
    its own QName resolver; `check_expectations` compares it with the oracle's function.
    """
    import split_envelope as S

    root = S.etree.parse(wsdl_path, etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)).getroot()
    tns = root.get("targetNamespace")
    messages = {}
    for m in root.findall(WSDL_NS + "message"):
        parts = {}
        for p in m.findall(WSDL_NS + "part"):
            if p.get("element"):
                parts[p.get("name")] = S._resolve(p, p.get("element"))
        messages["{%s}%s" % (tns, m.get("name"))] = parts
    port_ops = {}
    for pt in root.findall(WSDL_NS + "portType"):
        for op in pt.findall(WSDL_NS + "operation"):
            port_ops.setdefault(op.get("name"), op)
    binding_ops = {}
    for b in root.findall(WSDL_NS + "binding"):
        for op in b.findall(WSDL_NS + "operation"):
            binding_ops.setdefault(op.get("name"), op)
    result = {}
    for name, pop in port_ops.items():
        bop = binding_ops.get(name)
        out = {}
        for direction in ("input", "output"):
            pel = pop.find(WSDL_NS + direction)
            body_qn = None
            if pel is not None:
                parts = messages.get(S._resolve(pel, pel.get("message")), {})
                body_qn = next(iter(parts.values()), None)
            hdrs = []
            bdir = bop.find(WSDL_NS + direction) if bop is not None else None
            if bdir is not None:
                for h in bdir.findall(SOAP_BINDING_NS + "header"):
                    parts = messages.get(S._resolve(h, h.get("message")), {})
                    if h.get("part") in parts:
                        hdrs.append(parts[h.get("part")])
            out[direction] = (body_qn, hdrs)
        result[name] = out
    return result


def check_expectations(wsdl_path, table, every=1):
    """Differences between all_expectations and the oracle's own wsdl_expectations (every n-th op)."""
    import split_envelope as S

    problems = []
    for i, name in enumerate(sorted(table)):
        if i % every:
            continue
        theirs = S.wsdl_expectations(wsdl_path, name)
        if theirs != table[name]:
            problems.append("%s: ours %r, split_envelope.wsdl_expectations %r" % (name, table[name], theirs))
    return problems


def check_requests(wsdls, jobs, work):
    import oraclelib as L
    import split_envelope as S
    import wsdl2xsd as W

    schemas = {}
    tables = {}
    results = []
    for i, job in enumerate(jobs):
        r = {"id": job["id"]}
        try:
            name = job["wsdl"]
            if name not in schemas:
                d = os.path.join(work, "xsd-" + name)
                W.split(wsdls[name], d)
                schemas[name] = etree.XMLSchema(etree.parse(os.path.join(d, "all.xsd")))
                tables[name] = all_expectations(wsdls[name])
                # cross-check with the oracle's function: every operation of a small WSDL, every
                # 10th of a large one (the oracle's function costs O(messages) per call)
                problems = check_expectations(wsdls[name], tables[name], 1 if len(tables[name]) <= 100 else 10)
                if problems:
                    raise RuntimeError("all_expectations disagrees with the oracle: " + "; ".join(problems[:5]))
            with open(job["ours"], "rb") as f:
                ours_bytes = f.read()
            with open(job["expected"], "rb") as f:
                expected_bytes = f.read()
            ours = L.canonicalize(L.parse_xml(ours_bytes, "ours"))
            expected = L.canonicalize(L.parse_xml(expected_bytes, "expected"))
            r["equal"] = ours == expected
            if not r["equal"]:
                r["ours"] = ours
                r["expected"] = expected
            expect = tables[name][job["op"]]
            parts, errors = S.split(ours_bytes, os.path.join(work, "parts-%d" % i), job["id"], expect)
            messages = ["FAIL envelope: %s" % e for e in errors]
            for kind, qname, fn in parts:
                doc = etree.parse(fn, etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True))
                if schemas[name].validate(doc):
                    messages.append("PASS %s %s" % (kind, qname))
                else:
                    messages.append("FAIL %s %s" % (kind, qname))
                    for err in schemas[name].error_log:
                        messages.append("    line %d: %s" % (err.line, err.message))
            r["valid"] = all(not m.startswith("FAIL") for m in messages) and bool(parts)
            r["validation"] = messages
        except Exception as exc:  # one bad job does not stop the batch; the test reports it
            r["error"] = "%s: %s" % (type(exc).__name__, exc)
            r.setdefault("equal", False)
            r["valid"] = False
        results.append(r)
    return results


_clients = {}


def client_of(wsdl):
    import oraclelib as L

    if wsdl not in _clients:
        client = L.make_client(wsdl)
        _clients[wsdl] = (client, L.EnumIndex(client, wsdl))
    return _clients[wsdl]


def write_distinct_key_responses(wsdl, op, out):
    """dump.py's response/failed files for `op`, with distinct dictionary keys in the sample body."""
    import oraclelib as L
    import parse_response as PR
    import project_shape as P
    import response as RS

    client, enums = client_of(wsdl)
    _, _, _, opobj = L.find_operation(client, op)
    os.makedirs(out, exist_ok=True)
    files = []
    for name, failed in (("response", False), ("failed", True)):
        body, headers = RS.sample_response(client, enums, op, 12, 2, True, failed, 1)
        P.dedupe_keys(client, opobj.output.body.type, body)
        renv = L.render_response(client, op, body, headers)
        xml = etree.tostring(renv, xml_declaration=True, encoding="utf-8")
        parsed, _ = PR.parse(client, op, xml)
        header_t = opobj.output.header.type if opobj.output.header is not None else None
        projected = {
            "headers": P.conv(client, header_t, parsed.get("header")),
            "body": P.conv(client, opobj.output.body.type, parsed.get("body")),
        }
        with open(os.path.join(out, name + ".xml"), "w", encoding="utf-8") as f:
            f.write(xml.decode("utf-8"))
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(projected, ensure_ascii=False, indent=1) + "\n")
        files += [name + ".xml", name + ".json"]
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--oracle", required=True)
    ap.add_argument("jobs")
    a = ap.parse_args()
    load_oracle(a.oracle)
    with open(a.jobs, encoding="utf-8") as f:
        jobs = json.load(f)
    work = tempfile.mkdtemp(prefix="so-soap-driver-")
    out = {"results": check_requests(jobs["wsdls"], jobs.get("requests", []), work), "distinctKeys": []}
    for job in jobs.get("distinctKeys", []):
        try:
            files = write_distinct_key_responses(jobs["wsdls"][job["wsdl"]], job["op"], job["out"])
            out["distinctKeys"].append({"id": job["id"], "files": files})
        except Exception as exc:
            out["distinctKeys"].append({"id": job["id"], "error": "%s: %s" % (type(exc).__name__, exc)})
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
