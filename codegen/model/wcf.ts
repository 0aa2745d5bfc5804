/**
 * WCF DataContract conventions found in the Services88 WSDLs. Each function recognises one
 * convention on a schema element; build.ts decides what to do with it.
 */
import { SER_NS, XS_NS, childNamed, childrenNamed, structuralChildren, type XmlElement } from '../xml.js';
import type { EnumValue } from './ir.js';

/** The `xs:annotation/xs:appinfo` children of `el` (WCF puts its markers there). */
function appinfo(el: XmlElement): XmlElement[] {
  const annotation = childNamed(el, XS_NS, 'annotation');
  if (!annotation) return [];
  return childrenNamed(annotation, XS_NS, 'appinfo').flatMap((a) => a.children);
}

/**
 * `<xs:annotation><xs:appinfo><IsDictionary xmlns="…/Serialization/">true</IsDictionary>`:
 * the complex type is a `Dictionary<K,V>`, a repeated `…KeyValuePair` of `Key` and `Value`.
 */
export function isDictionary(complexType: XmlElement): boolean {
  return appinfo(complexType).some((c) => c.ns === SER_NS && c.local === 'IsDictionary' && c.text.trim() === 'true');
}

/**
 * `<xs:enumeration value="F"><xs:annotation><xs:appinfo><EnumerationValue …>16</EnumerationValue>`:
 * the numeric value of an enum member, given when it is not the member's position.
 */
export function enumerationValue(enumeration: XmlElement): number | undefined {
  const marker = appinfo(enumeration).find((c) => c.ns === SER_NS && c.local === 'EnumerationValue');
  if (!marker) return undefined;
  const n = Number(marker.text.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** The `xs:enumeration` facets of a restriction, with their WCF numeric values. */
export function enumValues(restriction: XmlElement): EnumValue[] {
  return childrenNamed(restriction, XS_NS, 'enumeration').map((e) => {
    const numeric = enumerationValue(e);
    return numeric === undefined ? { value: e.attrs.value ?? '' } : { value: e.attrs.value ?? '', numeric };
  });
}

/**
 * A WCF collection (`ArrayOfX`, also in the Microsoft Arrays namespace; ASMX writes the same):
 * `<xs:complexType name="ArrayOfX"><xs:sequence><xs:element minOccurs="0" maxOccurs="unbounded" name="X" type="…"/></xs:sequence></xs:complexType>`
 * with no base type and nothing else. Returns the item element, or undefined.
 *
 * Only by that name and with optional items: another type of one repeated element (a JAX-WS
 * response wrapper `{ return: customer[] }`, ONVIF's `Polygon` of one or more `Point`) is a
 * structure whose field the service may be joined by others later, and whose `minOccurs` the
 * array form would not check.
 */
export function collectionItem(complexType: XmlElement): XmlElement | undefined {
  if (!complexType.attrs.name?.startsWith('ArrayOf')) return undefined;
  const parts = structuralChildren(complexType);
  if (parts.length !== 1 || parts[0].ns !== XS_NS || parts[0].local !== 'sequence') return undefined;
  const items = structuralChildren(parts[0]);
  if (items.length !== 1 || items[0].local !== 'element' || items[0].ns !== XS_NS) return undefined;
  const max = items[0].attrs.maxOccurs;
  if (max === undefined || max === '1' || max === '0') return undefined;
  if (items[0].attrs.minOccurs !== '0') return undefined;
  if (childNamed(items[0], XS_NS, 'complexType')) return undefined; // a dictionary entry, not a plain item
  return items[0];
}
