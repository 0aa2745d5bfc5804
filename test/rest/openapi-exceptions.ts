/**
 * Every difference between `../shared/openapi/openapi-v3-ChatAgent.json` and the types generated
 * from `Services88-Chat.wsdl`, by name, with the reason and how the REST transport handles it.
 * `openapi-consistency.test.ts` computes the differences and requires this list to be exactly
 * that set: a new difference fails until it is listed here (and in the README), a listed one that
 * disappears fails until it is removed. Nothing is ignored silently.
 */
export const OPENAPI_EXCEPTIONS: Readonly<Record<string, string>> = {
  // Flags: one string on the REST wire (rest-mapping.ts: CHAT_FLAGS_ZERO_NAMES).
  'TableRight.Mask: WSDL flags ETableRight, OpenAPI string without enum':
    'the OpenAPI gives no member names; the flags rule applies with the WSDL names ("Select, Update"); with no known zero member, 0 is written as "0"',
  'FieldRight.Mask: WSDL flags EFieldRight, OpenAPI string without enum':
    'as TableRight.Mask; 0 is written as "0"',
  'ChatSessionEntity.Flags: OpenAPI enum adds CustomerIsTyping to the WSDL flags ChatSessionFlags':
    'CustomerIsTyping is the zero member (declared first without a value), which WCF leaves out of an xs:list flags type: "CustomerIsTyping" ↔ []',
  'ChatWidgetSettings.RequiredFields: OpenAPI enum adds None to the WSDL flags WidgetRequiredFields':
    'None = 0, left out of the WSDL list by WCF: "None" ↔ []',
  'ChatWidgetSettings.OfflineFields: OpenAPI enum adds None to the WSDL flags WidgetRequiredFields':
    'None = 0, left out of the WSDL list by WCF: "None" ↔ []',
  // xs:short: the OpenAPI generator has no 16-bit integer format.
  'Associate.Rank: WSDL xs:short, OpenAPI integer/int32': 'a number either way; the int16 range of the WSDL is checked both ways',
  'Person.Retired: WSDL xs:short, OpenAPI integer/int32': 'a number either way; int16 range checked',
  'Person.Rank: WSDL xs:short, OpenAPI integer/int32': 'a number either way; int16 range checked',
  'Person.ActiveInterests: WSDL xs:short, OpenAPI integer/int32': 'a number either way; int16 range checked',
  'Sale.Probability: WSDL xs:short, OpenAPI integer/int32': 'a number either way; int16 range checked',
  'Ticket.AlertLevel: WSDL xs:short, OpenAPI integer/int32': 'a number either way; int16 range checked',
  'ChatMessage.ReadByCustomer: WSDL xs:short, OpenAPI integer/int32': 'a number either way; int16 range checked',
  // .NET TimeSpan: xs:duration over SOAP, "hh:mm:ss" over REST.
  'ChatOpeningHours.MonStart: WSDL ser:duration, OpenAPI string': 'a .NET TimeSpan: "09:00:00" on the REST wire ↔ "PT9H" (xs:duration, as SOAP gives it) in the typed value',
  'ChatOpeningHours.MonStop: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.TueStart: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.TueStop: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.WedStart: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.WedStop: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.ThuStart: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.ThuStop: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.FriStart: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.FriStop: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.SatStart: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.SatStop: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.SunStart: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.SunStop: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.LunchStart: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  'ChatOpeningHours.LunchStop: WSDL ser:duration, OpenAPI string': 'TimeSpan text ↔ xs:duration',
  // Dictionary keys: JSON object keys are strings.
  'TimeZoneData.TimeZoneSTDRules: WSDL dictionary key xs:dateTime, OpenAPI object keys are strings':
    'the key is kept as its xs:dateTime text (validated), exactly as the SOAP decoder keeps dictionary keys',
  'TimeZoneData.TimeZoneDSTRules: WSDL dictionary key xs:dateTime, OpenAPI object keys are strings': 'as TimeZoneSTDRules',
  // Query parameters without a WSDL field.
  'query $select: optional on 24 operations, no WSDL input field':
    'not sent: the typed API has no field selection (a $select result would null out fields the types promise)',
  // Input fields the WSDL makes optional and the OpenAPI requires.
  'DeleteChatSessionEntity.ChatSessionEntityId: WSDL minOccurs=0, OpenAPI required query parameter chatSessionEntityId':
    'leaving it out is a RequestValidationError before sending over REST (SOAP would send an empty element)',
  'GetChatSessionEntity.ChatSessionEntityId: WSDL minOccurs=0, OpenAPI required query parameter chatSessionEntityId': 'as DeleteChatSessionEntity',
  'DeleteChatTopicEntity.ChatTopicEntityId: WSDL minOccurs=0, OpenAPI required query parameter chatTopicEntityId': 'as DeleteChatSessionEntity',
  'GetChatTopicEntity.ChatTopicEntityId: WSDL minOccurs=0, OpenAPI required query parameter chatTopicEntityId': 'as DeleteChatSessionEntity',
};
