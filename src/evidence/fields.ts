// W3C `#Fields:` directives: where each field sits on a line. Field sets differ between
// servers and can change inside one file, so the reader keeps the latest directive.

/** Positions of the fields the reader uses; -1 when the directive does not list a field. */
export interface Layout {
  /** The directive's field list, as written (compared to detect a change). */
  text: string;
  count: number;
  date: number;
  time: number;
  serverIp: number;
  method: number;
  stem: number;
  query: number;
  port: number;
  username: number;
  clientIp: number;
  userAgent: number;
  status: number;
  substatus: number;
  timeTaken: number;
  /** True when no directive was seen and the layout was guessed from the field count. */
  guessed: boolean;
}

const FIELD_NAMES: Readonly<Record<string, keyof Layout>> = {
  date: 'date',
  time: 'time',
  's-ip': 'serverIp',
  'cs-method': 'method',
  'cs-uri-stem': 'stem',
  'cs-uri-query': 'query',
  's-port': 'port',
  'cs-username': 'username',
  'c-ip': 'clientIp',
  'cs(user-agent)': 'userAgent',
  'sc-status': 'status',
  'sc-substatus': 'substatus',
  'time-taken': 'timeTaken',
};

/** Builds a layout from a field list (`date time s-ip ...`). */
export function layoutFromFields(fieldList: string, guessed = false): Layout {
  const names = fieldList.trim().split(/\s+/).filter(Boolean);
  const layout: Layout = {
    text: names.join(' '),
    count: names.length,
    date: -1,
    time: -1,
    serverIp: -1,
    method: -1,
    stem: -1,
    query: -1,
    port: -1,
    username: -1,
    clientIp: -1,
    userAgent: -1,
    status: -1,
    substatus: -1,
    timeTaken: -1,
    guessed,
  };
  names.forEach((name, i) => {
    const key = FIELD_NAMES[name.toLowerCase()];
    if (key && (layout[key] as number) === -1) (layout as unknown as Record<string, number>)[key] = i;
  });
  return layout;
}

/** Reads a `#Fields:` directive line; undefined for any other line. */
export function parseFieldsDirective(line: string): Layout | undefined {
  const m = /^#\s*Fields:\s*(.*)$/i.exec(line.trim());
  return m ? layoutFromFields(m[1] ?? '') : undefined;
}

/** IIS 7+ default field set, written by Exchange 2010 and later. */
export const IIS_DEFAULT_FIELDS =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
/** The same set without cs(Referer), as in most published Exchange lines. */
export const IIS_NO_REFERER_FIELDS =
  'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';

const WITH_REFERER = layoutFromFields(IIS_DEFAULT_FIELDS, true);
const WITHOUT_REFERER = layoutFromFields(IIS_NO_REFERER_FIELDS, true);

/** The layout to assume for a line read before any directive (pasted lines), by field count. */
export function guessLayout(fieldCount: number): Layout {
  return fieldCount >= WITH_REFERER.count ? WITH_REFERER : WITHOUT_REFERER;
}
