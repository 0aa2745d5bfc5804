#!/usr/bin/python3
"""Conformance driver for the real-world WSDL corpus (test/conformance/corpus-oracle.test.ts).

Our own script, not part of the oracle: it imports the oracle's modules (zeep + lxml) from
ORACLE_DIR (../shared/oracle) and works in ONE Python process for all cases.

usage: corpus_driver.py --oracle ORACLE_DIR sample JOBS.json  > SAMPLES.json
       corpus_driver.py --oracle ORACLE_DIR compare JOBS.json > RESULTS.json

sample: JOBS = {"cases": [{"name", "wsdl", "dir"}], "maxOperations": 10}
  For every case zeep loads the WSDL (offline); a deterministic sample of at most maxOperations
  operations (all of them, or evenly spaced in name order) gets sample values built by ONE walk of
  zeep's types that writes two projections side by side: zeep's kwargs (the oracle's ARGS_JSON
  conventions) and the project's data shape (docs/guide/xsd-mapping.md: attributes beside the
  elements, `$value` for simple content, a single choice as its chosen member, a repeated
  choice/sequence as `$choice`/`$sequence` arrays, ArrayOfX as arrays, WCF dictionaries as objects,
  member-name clashes as `Name_2`). zeep renders the request (canonical form) and the response
  (raw, as a server would send it). xs:anyType values are xs:string in requests (zeep renders no
  other untyped content); in responses they are raw element content (`with_raw_any`: zeep renders a
  marker string that is replaced, and zeep must read the content back as those elements; where it
  cannot, the response is sampled again with xs:string, and "rawAnyZeep" says why).
  Prints {"cases": [{"name", "error"?, "allOperations", "operations": [{"op", "error"?, "input", "headers",
          "request", "response", "output", "outputHeaders", "oneWay"}]}]}.
compare: JOBS = {"requests": [{"id", "ours", "expected"}]}  (file paths; expected is canonical)
  Prints {"results": [{"id", "equal", "ours", "error"?}]} with our request in canonical form.
"""
import argparse
import glob
import json
import os
import sys

from lxml import etree

XS = "{http://www.w3.org/2001/XMLSchema}"


def load_oracle(oracle_dir):
    sys.path.insert(0, os.path.abspath(oracle_dir))
    import oraclelib  # noqa: F401
    return oraclelib


class Enums:
    """Enumeration values of every schema document of a case (zeep drops the facets).

    Named simple types by '{ns}Name'; anonymous ones by the name of the element or attribute that
    declares them (good enough for sampling: a wrong guess shows up as a difference, never a pass).
    """

    def __init__(self, case_dir):
        self.named = {}
        self.by_owner = {}
        self.dictionaries = set()  # '{ns}Name' of complex types marked IsDictionary (WCF)
        self.abstract = set()  # '{ns}Name' of abstract complex types (zeep does not keep the flag)
        self.derived = {}  # '{ns}Base' -> ['{ns}Derived', ...] (complexContent extensions)
        self.named_lists = {}  # '{ns}Name' -> values of a named xs:list of an enumeration (WCF flags)
        self.list_by_id = {}  # id(zeep ListType) -> values (zeep's ListType loses its name: see bind())
        for path in sorted(glob.glob(os.path.join(case_dir, "**", "*"), recursive=True)):
            if not os.path.isfile(path):
                continue
            try:
                doc = etree.parse(path, etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True))
            except Exception:
                continue
            for schema in doc.iter(XS + "schema"):
                tns = schema.get("targetNamespace") or ""
                for ct in schema.findall(XS + "complexType"):
                    qn = "{%s}%s" % (tns, ct.get("name"))
                    if ct.get("abstract") == "true":
                        self.abstract.add(qn)
                    ext = ct.find("%scomplexContent/%sextension" % (XS, XS))
                    if ext is not None and ext.get("base"):
                        prefix, _, local = ext.get("base").rpartition(":")
                        base_ns = ext.nsmap.get(prefix or None, "")
                        self.derived.setdefault("{%s}%s" % (base_ns, local), []).append(qn)
                    marker = ct.find("%sannotation/%sappinfo/{http://schemas.microsoft.com/2003/10/Serialization/}IsDictionary" % (XS, XS))
                    if marker is not None and (marker.text or "").strip() == "true":
                        self.dictionaries.add("{%s}%s" % (tns, ct.get("name")))
                for st in schema.findall(XS + "simpleType"):
                    inner = st.find("%slist/%ssimpleType/%srestriction" % (XS, XS, XS))
                    if st.get("name") and inner is not None:
                        vals = [e.get("value") for e in inner.findall(XS + "enumeration")]
                        if vals:
                            self.named_lists.setdefault("{%s}%s" % (tns, st.get("name")), vals)
                for st in schema.iter(XS + "simpleType"):
                    restr = st.find(XS + "restriction")
                    vals = [e.get("value") for e in restr.findall(XS + "enumeration")] if restr is not None else []
                    if not vals:
                        continue
                    if st.get("name"):
                        self.named.setdefault("{%s}%s" % (tns, st.get("name")), vals)
                    else:
                        owner = st.getparent()
                        if owner is not None and owner.get("name"):
                            self.by_owner.setdefault(owner.get("name"), vals)

    def bind(self, client):
        """Find the zeep objects of the named flags types (the objects elements use are the registered ones)."""
        for qn, vals in self.named_lists.items():
            try:
                self.list_by_id[id(client.wsdl.types.get_type(qn))] = vals
            except Exception:
                continue

    def values(self, xsd_type, owner_name):
        qn = getattr(xsd_type, "qname", None)
        if qn is not None and str(qn) in self.named:
            return self.named[str(qn)]
        if qn is None and owner_name in self.by_owner:
            return self.by_owner[owner_name]
        return None


class NameScope:
    """The project's member-name rule: the first member keeps the wire name, later ones get _2, _3…"""

    def __init__(self):
        self.taken = set()

    def claim(self, name):
        key, n = name, 1
        while key in self.taken:
            n += 1
            key = "%s_%d" % (name, n)
        self.taken.add(key)
        return key


def repeated(particle):
    m = particle.max_occurs
    return m == "unbounded" or (isinstance(m, int) and m > 1)


class TwoWaySampler:
    """Sample values as (zeep kwargs, project shape) pairs; None = left out."""

    def __init__(self, L, client, enums, max_depth=8, array_len=2, max_recursion=1):
        from zeep.xsd import elements as E
        from zeep.xsd.elements import indicators as I
        from zeep.xsd.types import builtins as B
        from zeep.xsd.types.any import AnyType
        from zeep.xsd.types.collection import ListType
        from zeep.xsd.types.complex import ComplexType

        self.E, self.I, self.B, self.AnyType, self.ListType, self.ComplexType = E, I, B, AnyType, ListType, ComplexType
        self.base = L.Sampler(client, L.EnumIndex.__new__(L.EnumIndex), max_depth, array_len, max_recursion)
        self.base.enums.enum_by_qname, self.base.enums.list_by_id, self.base.enums.list_by_qname = {}, {}, {}
        self.enums = enums
        self.client = client
        self.max_depth = max_depth
        self.array_len = array_len
        self.max_recursion = max_recursion
        self.cuts = []
        # responses: xs:anyType values as the raw form (untyped element content) instead of
        # xs:string; zeep cannot render that, so it renders a marker that with_raw_any replaces
        self.raw_any = False
        self.raw_marks = []
        self.in_dict = False

    # -- scalars -----------------------------------------------------------
    def scalar(self, t, name, idx, suffix):
        if isinstance(t, self.ListType):
            flags = self.enums.list_by_id.get(id(t))
            if flags:
                return list(flags[: self.array_len]), list(flags[: self.array_len])
            items = [self.scalar(t.item_type, name, i, "%s_%d" % (suffix, i + 1) if suffix else str(i + 1)) for i in range(self.array_len)]
            return [z for z, _ in items], [o for _, o in items]
        vals = self.enums.values(t, name)
        if vals:
            return vals[0], vals[0]
        if isinstance(t, self.B.HexBinary):
            # zeep takes and gives hexBinary as its hex text (it neither encodes nor decodes it); hex
            # text is also our JSON form of hexBinary bytes (docs/guide/codec.md)
            return "0001020304", "0001020304"
        if any(k.__name__ == "Language" for k in type(t).__mro__):
            return "en", "en"  # an xs:language tag (the element-name sample is not one)
        v = self.base.scalar(t, name, idx, suffix)
        return v, v

    # -- values ------------------------------------------------------------
    def concrete(self, t):
        """A derived, non-abstract type to send where `t` is abstract (its '{ns}Name' and zeep type), or None."""
        qn = str(t.qname) if t.qname is not None else None
        if qn is None or qn not in self.enums.abstract:
            return None
        todo = list(self.enums.derived.get(qn, []))
        while todo:
            d = todo.pop(0)
            if d not in self.enums.abstract:
                try:
                    return d, self.client.get_type(d)
                except Exception:
                    continue
            todo.extend(self.enums.derived.get(d, []))
        return None

    def value(self, t, name, depth, stack, path, idx, suffix):
        if isinstance(t, self.ComplexType):
            sub = self.concrete(t)
            if sub is not None:
                v = self.value(sub[1], name, depth, stack, path, idx, suffix)
                if v is None:
                    return None
                local = sub[0].rpartition("}")[2]
                return {"@type": sub[0], **v[0]}, {"$type": local, **v[1]}
            qn = str(t.qname) if t.qname is not None else None
            if qn is not None and stack.count(qn) > self.max_recursion:
                self.cuts.append(path)
                return None
            if depth >= self.max_depth:
                self.cuts.append(path)
                return None
            return self.complex(t, depth + 1, stack + ((qn,) if qn else ()), path, suffix)
        if isinstance(t, self.AnyType) and type(t).__name__ == "AnyType":
            s = name + suffix
            if self.raw_any and not (self.in_dict and name == "Key"):
                mark = "so-soap-raw-any-%d" % len(self.raw_marks)
                raw = '<q:v xmlns:q="urn:q">%s</q:v>' % s
                self.raw_marks.append((mark, raw))
                return {"@type": "xs:string", "@value": mark}, {"$type": "xs:anyType", "$any": raw}
            return {"@type": "xs:string", "@value": s}, {"$type": "xs:string", "$value": s}
        return self.scalar(t, name, idx, suffix)

    def element(self, el, name, depth, stack, path, suffix=""):
        if isinstance(el, self.E.Any):
            return None
        if repeated(el):
            n = self.array_len if not isinstance(el.max_occurs, int) else min(self.array_len, el.max_occurs)
            zs, os_ = [], []
            for i in range(n):
                v = self.value(el.type, name, depth, stack, "%s[%d]" % (path, i), i, "%s_%d" % (suffix, i + 1) if suffix else str(i + 1))
                if v is None:
                    return None
                zs.append(v[0])
                os_.append(v[1])
            return zs, os_
        return self.value(el.type, name, depth, stack, path, None, suffix)

    # -- complex types -----------------------------------------------------
    def wcf_kind(self, t):
        """The generator's conventions for a named complex type: a WCF dictionary (IsDictionary), or a
        collection (a type named ArrayOfX of one optional repeated element of a named or builtin type,
        nothing else: codegen/model/wcf.ts). Anonymous types (zeep names them after their element,
        `is_global` False) are never either."""
        if t.qname is None or not getattr(t, "is_global", True) or t.attributes or not isinstance(t._element, self.I.Sequence) or len(t._element) != 1:
            return None
        el = t._element[0]
        if not isinstance(el, self.E.Element) or isinstance(el, self.E.Any) or not repeated(el):
            return None
        if str(t.qname) in self.enums.dictionaries:
            return "dict", el
        if isinstance(el.type, self.ComplexType) and el.type.qname is None:
            return None
        if not t.qname.localname.startswith("ArrayOf") or el.min_occurs != 0:
            return None
        return "array", el

    def complex(self, t, depth, stack, path, suffix):
        kind = self.wcf_kind(t)
        if kind is not None:
            k, el = kind
            saved, self.in_dict = self.in_dict, k == "dict"  # a dictionary's Key stays a simple value
            try:
                v = self.element(el, el.name, depth, stack, "%s.%s" % (path, el.name), suffix)
            finally:
                self.in_dict = saved
            if v is None:
                return {}, ([] if k == "array" else {})
            if k == "array":
                return {el.attr_name: v[0]}, v[1]
            ours = {}
            for i, (ze, oe) in enumerate(zip(v[0], v[1])):
                # the sampler repeats a Key; our decoder refuses a repeated key (data loss): make them distinct
                key = ze.get("Key")
                holder_z, holder_o, field = ze, oe, "Key"
                if isinstance(key, dict) and "@value" in key:  # an xs:anyType key: its simple value
                    holder_z, holder_o, field, key = key, oe["Key"], None, key["@value"]
                if isinstance(key, bool) or not isinstance(key, (int, str)):
                    continue
                key = key + i if isinstance(key, int) else "%s%d" % (key, i + 1)
                if field is None:
                    holder_z["@value"] = holder_o["$value"] = key
                else:
                    holder_z[field] = holder_o[field] = key
                ours[str(key)] = oe.get("Value")
            return {el.attr_name: v[0]}, ours
        z, o = {}, {}
        names = NameScope()
        el = t._element
        if isinstance(el, self.E.Element) and not isinstance(el, self.E.Any) and el.attr_name == "_value_1" and not isinstance(el.type, self.ComplexType):
            # zeep's form of xs:simpleContent: one element `_value_1` holding the text; ours is `$value`
            z["_value_1"], o["$value"] = self.scalar(el.type, path.rsplit(".", 1)[-1], None, suffix)
        elif el is not None:
            self.particles(el, z, o, names, depth, stack, path, suffix)
        content = self.simple_content(t)
        if content is not None:
            v = self.scalar(content, path.rsplit(".", 1)[-1], None, suffix)
            z["_value_1"], o["$value"] = v
        for zname, attr in t.attributes:
            if type(attr).__name__ == "AnyAttribute" or attr.name is None:
                continue
            key = names.claim(attr.name)
            v = self.scalar(attr.type, attr.name, None, suffix)
            z[zname], o[key] = v
        return z, o

    def simple_content(self, t):
        """The simple type of `t`'s text content (xs:simpleContent), or None."""
        if t._element is not None:
            return None
        base = getattr(t, "_extension", None) or getattr(t, "_restriction", None)
        for _ in range(10):  # a base chain of simple content; bounded against cyclic schemas
            if base is None:
                return None
            if not isinstance(base, self.ComplexType):
                return base
            if base._element is not None:
                return None
            base = getattr(base, "_extension", None) or getattr(base, "_restriction", None)
        return None

    def particles(self, ind, z, o, names, depth, stack, path, suffix):
        """Fill the members of indicator `ind` (Sequence/All/Choice/Group) into z (zeep) and o (ours)."""
        I, E = self.I, self.E
        if isinstance(ind, I.Group):
            ind = ind.child
        if isinstance(ind, E.Element):  # a content model of one element
            ind = I.Sequence([ind])
        if isinstance(ind, I.Choice):
            alternatives = list(ind)
            if not alternatives:
                return
            self.alternative(alternatives[0], z, o, names, depth, stack, path, suffix)
            return
        for zname, child in ind.elements_nested:
            if isinstance(child, E.Any) and isinstance(child.min_occurs, int) and child.min_occurs >= 1:
                # a required xs:any (zeep refuses it missing): one element of a namespace no schema
                # declares. Optional ones are not sampled: given as zeep's `_value_N` kwargs, zeep
                # leaves out many of them silently (its rendering would not show ours)
                raw = '<q:any xmlns:q="urn:q">%s</q:any>' % (path.rsplit(".", 1)[-1] + suffix)
                key = names.claim("$any")
                if repeated(child):
                    z[zname], o[key] = [etree.fromstring(raw)], [raw]
                else:
                    z[zname], o[key] = etree.fromstring(raw), raw
                continue
            if isinstance(child, E.Any) or not isinstance(child, (E.Element, I.Indicator)):
                continue  # an optional xs:any (not sampled) and zeep's special elements (xs:schema refs)
            if isinstance(child, E.Element):
                key = names.claim(child.name)
                v = self.element(child, child.name, depth, stack, "%s.%s" % (path, child.name), suffix)
                if v is None:
                    continue
                z[zname], o[key] = v
                continue
            if zname is None:  # a nested group occurring once: its members are the owner's
                self.particles(child, z, o, names, depth, stack, path, suffix)
                continue
            inner = child.child if isinstance(child, I.Group) else child
            is_choice = isinstance(inner, I.Choice)
            if not repeated(child) and is_choice:
                # zeep names a single choice `_value_N` but also accepts its members directly
                self.particles(inner, z, o, names, depth, stack, path, suffix)
                continue
            key = names.claim("$choice" if is_choice else "$sequence")
            zs, os_ = [], []
            for i in range(self.array_len):
                zi, oi = {}, {}
                self.particles(inner, zi, oi, NameScope(), depth, stack, "%s.%s[%d]" % (path, key, i), "%s_%d" % (suffix, i + 1) if suffix else str(i + 1))
                zs.append(zi)
                os_.append(oi)
            z[zname], o[key] = zs, os_

    def alternative(self, alt, z, o, names, depth, stack, path, suffix):
        if isinstance(alt, self.E.Any):
            return
        if isinstance(alt, self.E.Element):
            key = names.claim(alt.name)
            v = self.element(alt, alt.name, depth, stack, "%s.%s" % (path, alt.name), suffix)
            if v is not None:
                z[alt.attr_name], o[key] = v
            return
        self.particles(alt, z, o, names, depth, stack, path, suffix)

    def body(self, body):
        """(zeep kwargs, ours) of a message body: a wrapper's children, or a bare value."""
        if body is None:
            return {}, {}
        t = body.type
        if isinstance(t, self.ComplexType):
            qn = str(t.qname) if t.qname is not None else None
            return self.complex(t, 0, (qn,) if qn else (), body.name, "")
        return self.value(t, body.name, 0, (), body.name, None, "")


def pick_operations(names, limit):
    if len(names) <= limit:
        return names
    return [names[(i * len(names)) // limit] for i in range(limit)]


def sample_case(L, case, limit):
    out = {"name": case["name"], "operations": []}
    try:
        client = L.make_client(case["wsdl"])
    except Exception as exc:
        out["error"] = "zeep cannot load it: %s" % exc
        return out
    enums = Enums(case["dir"])
    enums.bind(client)
    names = L.operation_names(client)
    out["allOperations"] = names
    for op_name in pick_operations(names, limit):
        entry = {"op": op_name}
        out["operations"].append(entry)
        try:
            _, _, binding, op = L.find_operation(client, op_name)
            sampler = TwoWaySampler(L, client, enums)
            body = sampler.body(op.input.body)
            if body is None:
                raise L.OracleError("the input body could not be sampled")
            headers_z, headers_o = {}, {}
            for part, el in L.header_elements(op.input):
                v = sampler.element(el, el.name, 0, (), "header." + part)
                if v is not None:
                    headers_z[part], headers_o[part] = v
            entry["input"], entry["headers"] = body[1], headers_o
            envelope, http = render_request(L, client, op_name, body[0], headers_z)
            entry["request"] = L.canonicalize(envelope)
            entry["http"] = http
            entry["oneWay"] = op.output is None or op.output.body is None and not L.header_elements(op.output)
            if op.output is not None and not entry["oneWay"]:
                try:
                    out_body, oh_o, xml, marks = sample_output(L, client, op, TwoWaySampler(L, client, enums), True)
                    entry["rawAny"] = marks
                except ZeepRawAnyError as exc:
                    # zeep cannot read that response back: the values as xs:string instead (compared as before)
                    out_body, oh_o, xml, _ = sample_output(L, client, op, TwoWaySampler(L, client, enums), False)
                    entry["rawAnyZeep"] = str(exc)
                entry["response"] = xml.decode("utf-8") if isinstance(xml, bytes) else xml
                entry["output"], entry["outputHeaders"] = out_body[1], oh_o
        except Exception as exc:
            entry["error"] = "%s: %s" % (type(exc).__name__, exc)
            if os.environ.get("CORPUS_DRIVER_TRACE"):
                import traceback
                traceback.print_exc()
    return out


class ZeepRawAnyError(Exception):
    """zeep cannot read back a response whose xs:anyType values are raw element content."""


def sample_output(L, client, op, sampler, raw_any):
    """(our output body, our output headers, the response XML, raw xs:anyType values) of an operation's
    sampled response; with raw_any its xs:anyType values are raw element content (with_raw_any)."""
    sampler.raw_any = raw_any
    out_body = sampler.body(op.output.body)
    if out_body is None:
        raise L.OracleError("the output body could not be sampled")
    oh_z, oh_o = {}, {}
    for part, el in L.header_elements(op.output):
        v = sampler.element(el, el.name, 0, (), "header." + part)
        if v is not None:
            oh_z[part], oh_o[part] = v
    xml = render_response(L, client, op, out_body[0], oh_z)
    if sampler.raw_marks:
        xml = with_raw_any(op, xml, sampler.raw_marks)
    return out_body, oh_o, xml, len(sampler.raw_marks)


def call_args(L, client, body, headers):
    """zeep's (positional, kwargs) for a message: a bare body of a simple type, or of xs:anyType (an
    `{"@type", "@value"}` value), is its one positional argument, a wrapper's children are kwargs;
    header values go in `_soapheaders`."""
    wrapper = isinstance(body, dict) and "@type" not in body
    positional = () if wrapper else (to_zeep(L, client, body),)
    args = {k: to_zeep(L, client, v) for k, v in body.items()} if wrapper else {}
    if headers:
        args["_soapheaders"] = {k: to_zeep(L, client, v) for k, v in headers.items()}
    return positional, args


def render_request(L, client, op_name, kwargs, headers):
    """L.render_request, but with kwargs already in zeep's form (bytes, lists) and headers by part."""
    service, port, binding, op = L.find_operation(client, op_name)
    positional, args = call_args(L, client, kwargs, headers)
    saved = op.abstract.wsa_action
    try:
        op.abstract.wsa_action = None
        proxy = client.bind(service.name, port.name)
        envelope = client.create_message(proxy, op_name, *positional, **args)
        _, http = proxy._binding._create(op_name, positional, args, client=client)
    finally:
        op.abstract.wsa_action = saved
    return envelope, {k: v for k, v in dict(http).items()}


def render_response(L, client, op, kwargs, headers):
    positional, args = call_args(L, client, kwargs, headers)
    content = op.output.serialize(*positional, **args).content
    return content if isinstance(content, (bytes, str)) else etree.tostring(content, encoding="utf-8")


XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


def c14n(el):
    return etree.tostring(el, method="c14n", exclusive=True).decode("utf-8")


def zeep_elements(value, out):
    """The lxml elements in a value zeep deserialized (its form of untyped element content)."""
    if isinstance(value, etree._Element):
        out.append(c14n(value))
    elif isinstance(value, (list, tuple)):
        for v in value:
            zeep_elements(v, out)
    elif hasattr(value, "__values__"):  # a CompoundValue
        zeep_elements(list(value.__values__.values()), out)
    elif isinstance(value, dict):
        zeep_elements(list(value.values()), out)
    return out


def with_raw_any(op, xml, marks):
    """zeep's response with each marker value (an xs:string under xs:anyType) replaced by raw element
    content and no xsi:type, as a server sends untyped content; zeep must read that content back as
    the elements it holds (its form of it), else the operation is a zeep-side difference."""
    root = etree.fromstring(xml if isinstance(xml, bytes) else xml.encode("utf-8"))
    raws = dict(marks)
    for el in root.iter():
        if isinstance(el.tag, str) and el.text in raws and len(el) == 0:
            el.attrib.pop(XSI_TYPE, None)
            el.append(etree.fromstring(raws.pop(el.text)))
            el.text = None
    if raws:
        raise RuntimeError("markers not found in zeep's response: %s" % ", ".join(sorted(raws)))
    out = etree.tostring(root, encoding="utf-8")
    try:
        got = sorted(zeep_elements(op.output.deserialize(etree.fromstring(out)), []))
    except Exception as exc:
        raise ZeepRawAnyError("zeep cannot read it: %s: %s" % (type(exc).__name__, exc))
    want = sorted(c14n(etree.fromstring(raw)) for _, raw in marks)
    if got != want:
        raise ZeepRawAnyError("zeep reads the raw content as %r, not %r" % (got, want))
    return out


def to_zeep(L, client, v):
    if isinstance(v, bytes):
        return v
    if isinstance(v, list):
        return [to_zeep(L, client, x) for x in v]
    if isinstance(v, dict) and "@type" not in v:
        return {k: to_zeep(L, client, x) for k, x in v.items()}
    return L.to_zeep(v, client)


def compare(L, jobs):
    results = []
    for job in jobs["requests"]:
        r = {"id": job["id"]}
        try:
            with open(job["ours"], "rb") as f:
                ours = L.canonicalize(L.parse_xml(f.read(), "our request"))
            with open(job["expected"], "r", encoding="utf-8") as f:
                expected = f.read()
            r["ours"] = ours
            r["equal"] = ours == expected
        except Exception as exc:
            r["equal"] = False
            r["error"] = "%s: %s" % (type(exc).__name__, exc)
        results.append(r)
    return {"results": results}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oracle", required=True)
    ap.add_argument("mode", choices=["sample", "compare"])
    ap.add_argument("jobs")
    a = ap.parse_args()
    L = load_oracle(a.oracle)
    with open(a.jobs, encoding="utf-8") as f:
        jobs = json.load(f)
    if a.mode == "sample":
        out = {"cases": [sample_case(L, c, jobs.get("maxOperations", 10)) for c in jobs["cases"]]}
    else:
        out = compare(L, jobs)
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
