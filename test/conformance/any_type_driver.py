#!/usr/bin/python3
"""How zeep reads untyped (xs:anyType) element content, for test/conformance/any-type-oracle.test.ts.

usage: any_type_driver.py JOB.json ORACLE_DIR > RESULT.json
JOB = {"wsdl": path, "operation": name, "response": SOAP response XML, "field": child of the output
       wrapper, "ours": our decoded `$any` (an XML fragment)}
Prints {"zeep": [...], "ours": [...]}: the element children of the field as zeep parses them (it
returns the raw lxml children of an untyped element that has children) and the elements of our
fragment, each in exclusive C14N, so that the two compare as text.
"""
import json
import os
import sys

from lxml import etree


def c14n(el):
    return etree.tostring(el, method="c14n", exclusive=True).decode("utf-8")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    sys.path.insert(0, os.path.abspath(sys.argv[2]))
    import oraclelib  # the oracle's offline client (../shared/oracle), read by path

    client = oraclelib.make_client(job["wsdl"])
    service = next(iter(client.wsdl.services.values()))
    port = next(iter(service.ports.values()))
    op = port.binding._operations[job["operation"]]
    envelope = etree.fromstring(job["response"].encode("utf-8"))
    body = envelope.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    result = op.output.deserialize(envelope) if body is not None else None
    # zeep unwraps a wrapper of one child: the result is then the field's value itself
    from zeep.xsd import CompoundValue

    value = result[job["field"]] if isinstance(result, CompoundValue) else result
    if not isinstance(value, list):
        value = [value]
    zeep = [c14n(v) if isinstance(v, etree._Element) else {"@repr": repr(v)} for v in value]
    ours = [c14n(el) for el in etree.fromstring(("<w>%s</w>" % job["ours"]).encode("utf-8"))]
    json.dump({"zeep": zeep, "ours": ours}, sys.stdout)


if __name__ == "__main__":
    main()
