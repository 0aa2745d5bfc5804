/**
 * The differences that remain between our codec and zeep on the corpus sample
 * (corpus-oracle.test.ts), each with its reason. Keys: `<case>/<operation>/request|response`,
 * `<case>/<operation>` (zeep could not sample or render it) or `<case>` (zeep cannot load it).
 * The test fails when this list and what it sees differ in either direction.
 */
export const CORPUS_DIFFERENCES: Record<string, string> = {
  // zeep needs the SOAP encoding schema from the network to load this WSDL; the oracle is offline.
  'zeep-soap-import': 'zeep: zeep cannot load it: refusing to fetch http://schemas.xmlsoap.org/soap/encoding/ (the oracle is offline)',
  // zeep fails on a .NET DataSet (an element ref to xs:schema) while rendering the sample.
  'svcutil-dataset-wrapper-asmx/GetData': 'zeep: AttributeError: \'Schema\' object has no attribute \'min_occurs\'',
  // Generated since the XSD constructs landed (attributes); the runtime codec does not encode or
  // decode attributes yet (issue 13 §4, the codec's part).
  'wcf-member-named-system/GetDataUsingDataContract/request': 'ours: encode fails: GetDataUsingDataContract: composite.BoolValue: unknown field "BoolValue" for CompositeType',
  'wcf-member-named-system/GetDataUsingDataContract/response': 'ours: decodes {"body":{"GetDataUsingDataContractResult":{"System":"System"}},"headers":{}}; zeep rendered {"body":{"GetDataUsingDataContractResult":{"BoolValue":true,"System":"System"}},"headers":{}}',
  'wcf-member-named-system/GetDataUsingDataContract2/request': 'ours: encode fails: GetDataUsingDataContract2: composite.System: unknown field "System" for CompositeType2',
  'wcf-member-named-system/GetDataUsingDataContract2/response': 'ours: decodes {"body":{"GetDataUsingDataContract2Result":{}},"headers":{}}; zeep rendered {"body":{"GetDataUsingDataContract2Result":{"System":true}},"headers":{}}',
  // The sample is a value of an abstract type without $type: zeep writes it as it is, our encoder
  // requires a derived type (by design: an abstract type never appears on the wire).
  'marketo/getLeadChanges/request': 'ours: encode fails: getLeadChanges: leadSelector: LeadSelector is abstract: give $type of a derived type',
  'marketo/getMultipleLeads/request': 'ours: encode fails: getMultipleLeads: leadSelector: LeadSelector is abstract: give $type of a derived type',
  // Unqualified elements (a schema without elementFormDefault) are written with xmlns:ns1="" by the
  // runtime encoder until the codec's ns: '' handling lands (issue 13 §4).
  'marketo/deleteCustomObjects/request': 'ours: not XML: OracleError: our request is not well-formed XML: xmlns:ns1: Empty XML namespace is not allowed, line 1, column 119 (<string>, line 1)',
  'marketo/describeMObject/request': 'ours: not XML: OracleError: our request is not well-formed XML: xmlns:ns1: Empty XML namespace is not allowed, line 1, column 119 (<string>, line 1)',
  'marketo/getChannels/request': 'ours: not XML: OracleError: our request is not well-formed XML: xmlns:ns1: Empty XML namespace is not allowed, line 1, column 119 (<string>, line 1)',
  'marketo/getImportToListStatus/request': 'ours: not XML: OracleError: our request is not well-formed XML: xmlns:ns1: Empty XML namespace is not allowed, line 1, column 119 (<string>, line 1)',
  'marketo/importToList/request': 'ours: not XML: OracleError: our request is not well-formed XML: xmlns:ns1: Empty XML namespace is not allowed, line 1, column 119 (<string>, line 1)',
  'marketo/mergeLeads/request': 'ours: not XML: OracleError: our request is not well-formed XML: xmlns:ns1: Empty XML namespace is not allowed, line 1, column 119 (<string>, line 1)',
  'marketo/scheduleCampaign/request': 'ours: not XML: OracleError: our request is not well-formed XML: xmlns:ns1: Empty XML namespace is not allowed, line 1, column 119 (<string>, line 1)',
  'marketo/syncLead/request': 'ours: not XML: OracleError: our request is not well-formed XML: xmlns:ns1: Empty XML namespace is not allowed, line 1, column 119 (<string>, line 1)',
};
