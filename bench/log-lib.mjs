// What the log benchmarks share: the generator of a normal Exchange IIS log (log-scan.mjs,
// log-memory.mjs) and a way to run a command and take its wall time, CPU time and peak RSS.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';

/** Writes a generated Exchange IIS log of about `bytes` bytes to `out`: 3,000 users, a few with a story, one change of #Fields: half way. */
export function generate(out, bytes) {
  let seed = 42;
  // mulberry32: small, fast, and good enough to spread users evenly.
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const users = Array.from({ length: 3000 }, (_, i) => `user${i}`);
  const types = ['iPhone', 'iPad', 'Android', 'SAMSUNGSMG991B', 'WindowsMail', 'Outlook'];
  const devices = users.map((u, i) => [`${types[i % types.length].toUpperCase()}${(i * 7919).toString(16).toUpperCase().padStart(12, '0')}`, types[i % types.length]]);
  const cmds = ['Sync', 'Sync', 'Sync', 'Ping', 'Ping', 'FolderSync', 'GetItemEstimate', 'SendMail', 'Settings', 'ItemOperations'];
  // A few users with a story: the rest sync fine.
  const story = (i) => (i % 97 === 0 ? 'auth' : i % 89 === 0 ? 'fqdn' : i % 83 === 0 ? '449' : i % 79 === 0 ? '403' : i % 73 === 0 ? '503' : i % 71 === 0 ? '500' : 'ok');
  const fields1 = '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
  const fields2 = '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
  const header = (f) => `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-05-01 00:00:00\r\n${f}\r\n`;
  const fd = openSync(out, 'w');
  let written = 0;
  let second = 0;
  let ts = '2024-05-01 00:00:00';
  let batch = header(fields1);
  let referer = true;
  while (written < bytes) {
    for (let k = 0; k < 2000; k++) {
      if (rnd() < 0.3) {
        second++;
        ts = new Date(Date.UTC(2024, 4, 1) + second * 1000).toISOString().slice(0, 19).replace('T', ' ');
      }
      const i = Math.floor(rnd() * users.length);
      const user = users[i];
      const [dev, type] = devices[i];
      const kind = story(i);
      const cmd = pick(cmds);
      const backEnd = rnd() < 0.5;
      let status = 200;
      let log = '';
      let name = `CONTOSO\\${user}`;
      if (kind === 'auth' || kind === 'fqdn') status = 401;
      if (kind === 'fqdn') name = `contoso.local\\${user}`;
      if (kind === '449') { status = 449; log = 'Error:DeviceNotProvisioned_As:BlockedP_'; }
      if (kind === '403') { status = 403; log = 'Error:UserPrincipalCouldNotBeFound_'; }
      if (kind === '503' && rnd() < 0.8) status = 503;
      if (kind === '500' && rnd() < 0.8) status = 500;
      if (kind === 'ok' && rnd() < 0.01) status = 401;
      const stem = backEnd ? '/Microsoft-Server-ActiveSync/Proxy/default.eas' : '/Microsoft-Server-ActiveSync/default.eas';
      const q = backEnd
        ? `User=${user}&DeviceId=${dev}&DeviceType=${type}&Cmd=${cmd}&Log=PrxFrom:10.0.1.${10 + (i % 4)}_V160_Ver1:160_HH:mail.contoso.com_SmtpAdrs:${user}%40contoso.com_Fet:${Math.floor(rnd() * 9000)}_Pk:4016830080_DevOS:iOS+17.4_As:AllowedG_${log}Mbx:MBX${i % 6}.contoso.com_Cpo:${Math.floor(rnd() * 500)}_Throttle:0`
        : `User=${user}&DeviceId=${dev}&DeviceType=${type}&Cmd=${cmd}`;
      const port = backEnd ? 444 : 443;
      const cip = backEnd ? `10.0.1.${10 + (i % 4)}` : `203.0.113.${i % 250}`;
      const ua = type === 'iPhone' ? 'Apple-iPhone15C2/2104.180' : 'Android-SAMSUNG-SM-G991B/101.00001';
      batch += `${ts} 10.0.1.20 POST ${stem} ${q} ${port} ${status === 401 && kind === 'ok' ? '-' : name} ${cip} ${ua}${referer ? ' -' : ''} ${status} 0 0 ${Math.floor(rnd() * 900) + 15}\r\n`;
      if (rnd() < 0.03) batch += `${ts} 10.0.1.20 GET /owa/service.svc action=GetItem 443 CONTOSO\\${user} ${cip} Mozilla/5.0${referer ? ' -' : ''} 200 0 0 31\r\n`;
    }
    // The field set changes once, as after an IIS configuration change.
    if (referer && written > bytes / 2) {
      referer = false;
      batch += header(fields2);
    }
    written += writeSync(fd, batch);
    batch = '';
  }
  closeSync(fd);
}

// --- measuring -----------------------------------------------------------------------------
const hasTime = existsSync('/usr/bin/time');

/** Runs a command; returns wall seconds and peak RSS in MB (from /usr/bin/time or /proc polling). */
export function measure(cmd, argv, env = process.env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = hasTime
      ? spawn('/usr/bin/time', ['-f', '@@peak %M %U %S', cmd, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env })
      : spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    let peakKb = 0;
    const poll = hasTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) peakKb = Math.max(peakKb, Number(m[1]));
          } catch {
            /* exited */
          }
        }, 20);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      const m = /@@peak (\d+) ([\d.]+) ([\d.]+)/.exec(err);
      if (m) peakKb = Number(m[1]);
      const cpu = m ? Number(m[2]) + Number(m[3]) : NaN;
      resolve({ code, seconds, cpu, peakMb: peakKb / 1024, out, err: err.replace(/@@peak [\d. ]+\s*/, '') });
    });
  });
}

