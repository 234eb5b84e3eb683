// The [MS-ASWBXML] section 2.1.2.1 code pages the conversation sends or receives: tag name by
// token, one table per page, written from the specification's tables (section numbers below;
// code page N is section 2.1.2.1.(N+1)). Tokens start at 0x05: 0x00-0x04 are WBXML globals.
// A page or token missing here still decodes, reported as unknown.

/** One code page: its number, its XML namespace and its tags by token. */
export interface CodePage {
  page: number;
  namespace: string;
  tags: readonly string[];
}

/** Tags from token 0x05 upwards, in order; `''` marks a token the page does not define. */
function page(number: number, namespace: string, tags: readonly string[]): CodePage {
  return { page: number, namespace, tags };
}

/** Section 2.1.2.1.1 Code Page 0: AirSync. */
const AIRSYNC = page(0, 'AirSync', [
  'Sync', 'Responses', 'Add', 'Change', 'Delete', 'Fetch', 'SyncKey', 'ClientId', 'ServerId', 'Status', 'Collection',
  'Class', 'Version', 'CollectionId', 'GetChanges', 'MoreAvailable', 'WindowSize', 'Commands', 'Options', 'FilterType',
  'Truncation', 'RtfTruncation', 'Conflict', 'Collections', 'ApplicationData', 'DeletesAsMoves', 'NotifyGUID', 'Supported',
  'SoftDelete', 'MIMESupport', 'MIMETruncation', 'Wait', 'Limit', 'Partial', 'ConversationMode', 'MaxItems', 'HeartbeatInterval',
]);

/** Section 2.1.2.1.3 Code Page 2: Email (what a Sync of the Inbox carries back). */
const EMAIL = page(2, 'Email', [
  'Attachment', 'Attachments', 'AttName', 'AttSize', 'AttOid', 'AttMethod', 'AttRemoved', 'Body', 'BodySize', 'BodyTruncated',
  'DateReceived', 'DisplayName', 'DisplayTo', 'Importance', 'MessageClass', 'Subject', 'Read', 'To', 'Cc', 'From', 'ReplyTo',
  'AllDayEvent', 'Categories', 'Category', 'DtStamp', 'EndTime', 'InstanceType', 'BusyStatus', 'Location', 'MeetingRequest',
  'Organizer', 'RecurrenceId', 'Reminder', 'ResponseRequested', 'Recurrences', 'Recurrence', 'Recurrence_Type', 'Recurrence_Until',
  'Recurrence_Occurrences', 'Recurrence_Interval', 'Recurrence_DayOfWeek', 'Recurrence_DayOfMonth', 'Recurrence_WeekOfMonth',
  'Recurrence_MonthOfYear', 'StartTime', 'Sensitivity', 'TimeZone', 'GlobalObjId', 'ThreadTopic', 'MIMEData', 'MIMETruncated',
  'MIMESize', 'InternetCPID', 'Flag', 'Status', 'ContentClass', 'FlagType', 'CompleteTime', 'DisallowNewTimeProposal',
]);

/** Section 2.1.2.1.8 Code Page 7: FolderHierarchy. */
const FOLDER_HIERARCHY = page(7, 'FolderHierarchy', [
  'Folders', 'Folder', 'DisplayName', 'ServerId', 'ParentId', 'Type', 'Response', 'Status', 'ContentClass', 'Changes', 'Add',
  'Delete', 'Update', 'SyncKey', 'FolderCreate', 'FolderDelete', 'FolderUpdate', 'FolderSync', 'Count', 'Version',
]);

/** Section 2.1.2.1.14 Code Page 13: Ping. */
const PING = page(13, 'Ping', ['Ping', 'AutdState', 'Status', 'HeartbeatInterval', 'Folders', 'Folder', 'Id', 'Class', 'MaxFolders']);

/** Section 2.1.2.1.15 Code Page 14: Provision (the policy settings of [MS-ASPROV] section 2.2.2). */
const PROVISION = page(14, 'Provision', [
  'Provision', 'Policies', 'Policy', 'PolicyType', 'PolicyKey', 'Data', 'Status', 'RemoteWipe', 'EASProvisionDoc',
  'DevicePasswordEnabled', 'AlphanumericDevicePasswordRequired', 'RequireStorageCardEncryption', 'PasswordRecoveryEnabled',
  'DocumentBrowseEnabled', 'AttachmentsEnabled', 'MinDevicePasswordLength', 'MaxInactivityTimeDeviceLock',
  'MaxDevicePasswordFailedAttempts', 'MaxAttachmentSize', 'AllowSimpleDevicePassword', 'DevicePasswordExpiration',
  'DevicePasswordHistory', 'AllowStorageCard', 'AllowCamera', 'RequireDeviceEncryption', 'AllowUnsignedApplications',
  'AllowUnsignedInstallationPackages', 'MinDevicePasswordComplexCharacters', 'AllowWiFi', 'AllowTextMessaging',
  'AllowPOPIMAPEmail', 'AllowBluetooth', 'AllowIrDA', 'RequireManualSyncWhenRoaming', 'AllowDesktopSync', 'MaxCalendarAgeFilter',
  'AllowHTMLEmail', 'MaxEmailAgeFilter', 'MaxEmailBodyTruncationSize', 'MaxEmailHTMLBodyTruncationSize',
  'RequireSignedSMIMEMessages', 'RequireEncryptedSMIMEMessages', 'RequireSignedSMIMEAlgorithm', 'RequireEncryptionSMIMEAlgorithm',
  'AllowSMIMEEncryptionAlgorithmNegotiation', 'AllowSMIMESoftCerts', 'AllowBrowser', 'AllowConsumerEmail', 'AllowRemoteDesktop',
  'AllowInternetSharing', 'UnapprovedInROMApplicationList', 'ApplicationName', 'ApprovedApplicationList', 'Hash',
  'AccountOnlyRemoteWipe',
]);

/** Section 2.1.2.1.18 Code Page 17: AirSyncBase. */
const AIRSYNCBASE = page(17, 'AirSyncBase', [
  'BodyPreference', 'Type', 'TruncationSize', 'AllOrNone', '', 'Body', 'Data', 'EstimatedDataSize', 'Truncated', 'Attachments',
  'Attachment', 'DisplayName', 'FileReference', 'Method', 'ContentId', 'ContentLocation', 'IsInline', 'NativeBodyType',
  'ContentType', 'Preview', 'BodyPartPreference', 'BodyPart', 'Status', 'Add', 'Delete', 'ClientId', 'Content', 'Location',
  'Annotation', 'Street', 'City', 'State', 'Country', 'PostalCode', 'Latitude', 'Longitude', 'Accuracy', 'Altitude',
  'AltitudeAccuracy', 'LocationUri', 'InstanceId',
]);

/** Section 2.1.2.1.19 Code Page 18: Settings. */
const SETTINGS = page(18, 'Settings', [
  'Settings', 'Status', 'Get', 'Set', 'Oof', 'OofState', 'StartTime', 'EndTime', 'OofMessage', 'AppliesToInternal',
  'AppliesToExternalKnown', 'AppliesToExternalUnknown', 'Enabled', 'ReplyMessage', 'BodyType', 'DevicePassword', 'Password',
  'DeviceInformation', 'Model', 'IMEI', 'FriendlyName', 'OS', 'OSLanguage', 'PhoneNumber', 'UserInformation', 'EmailAddresses',
  'SmtpAddress', 'UserAgent', 'EnableOutboundSMS', 'MobileOperator', 'PrimarySmtpAddress', 'Accounts', 'Account', 'AccountId',
  'AccountName', 'UserDisplayName', 'SendDisabled', '', 'RightsManagementInformation',
]);

/** Every page this codec knows, by number. */
export const CODE_PAGES: ReadonlyMap<number, CodePage> = new Map([AIRSYNC, EMAIL, FOLDER_HIERARCHY, PING, PROVISION, AIRSYNCBASE, SETTINGS].map((p) => [p.page, p]));

/** The first token of every page ([MS-ASWBXML] 2.1.2.1: 0x00-0x04 are global tokens). */
export const FIRST_TOKEN = 0x05;

/** The tag name of a token, or undefined when the page or token is not in the tables. */
export function tagName(pageNumber: number, token: number): string | undefined {
  const p = CODE_PAGES.get(pageNumber);
  const name = p?.tags[token - FIRST_TOKEN];
  return name ? name : undefined;
}

const byName = new Map<string, { page: number; token: number }>();
for (const p of CODE_PAGES.values()) {
  p.tags.forEach((name, i) => {
    if (name) byName.set(`${p.namespace}:${name}`, { page: p.page, token: i + FIRST_TOKEN });
  });
}

/** Page and token of `Namespace:Tag` ("Provision:PolicyKey"), or undefined. */
export function tokenOf(qualified: string): { page: number; token: number } | undefined {
  return byName.get(qualified);
}

/** The namespace of a page number, or undefined for a page not in the tables. */
export function namespaceOf(pageNumber: number): string | undefined {
  return CODE_PAGES.get(pageNumber)?.namespace;
}
