// The WBXML 1.3 global tokens (WAP-192-WBXML section 7.1) and the tag-byte flags (section 5.8.2).
// [MS-ASWBXML] section 2.1.1 restricts ActiveSync to WBXML 1.3, UTF-8, no string table in use.

export const SWITCH_PAGE = 0x00;
export const END = 0x01;
export const ENTITY = 0x02;
export const STR_I = 0x03;
export const LITERAL = 0x04;
export const EXT_I_0 = 0x40;
export const EXT_I_2 = 0x42;
export const PI = 0x43;
export const LITERAL_C = 0x44;
export const EXT_T_0 = 0x80;
export const EXT_T_2 = 0x82;
export const STR_T = 0x83;
export const LITERAL_A = 0x84;
export const EXT_0 = 0xc0;
export const EXT_2 = 0xc2;
export const OPAQUE = 0xc3;
export const LITERAL_AC = 0xc4;

/** Tag byte: bit 7 says attributes follow, bit 6 says content follows, bits 0-5 are the token. */
export const TAG_ATTRIBUTES = 0x80;
export const TAG_CONTENT = 0x40;
export const TAG_MASK = 0x3f;

/** The header ActiveSync sends: version 1.3, public id 1 (unknown), charset 106 (UTF-8), empty string table. */
export const WBXML_VERSION = 0x03;
export const PUBLIC_ID_UNKNOWN = 0x01;
export const CHARSET_UTF8 = 0x6a;
