// Report times are read in the zone the header names, whatever the zone of the machine reading them: this file
// runs under two TZ values (vitest projects unit-tz-tokyo and unit-tz-new-york), and in the main unit run.
// Instants worked by hand: US daylight time ends 2026-11-01 at 02:00 EDT and starts 2026-03-08 at 02:00 EST;
// EST is UTC−5, EDT UTC−4, Japan UTC+9 all year.
import { describe, expect, it } from 'vitest';
import { readBilledList } from '../../utils/io/billed-list';
import { parseZonedTime, zoneOfHeader } from '../../utils/model/zoned-time';

const csv = (zone: string, ...rows: string[]) =>
  [`Conversation ID,Conversation started at (${zone}),Fin AI Agent resolution state`, ...rows.map((r) => `${r},Assumed Resolution`)].join('\n') + '\n';

describe(`report times (this run: TZ=${process.env.TZ ?? 'unset'})`, () => {
  it('the TZ this run claims is the one in effect', () => {
    if (process.env.TZ) expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(process.env.TZ);
  });

  it.each([
    ['America/New_York', '2026-11-03 09:14:02', '2026-11-03T14:14:02.000Z'], // EST, UTC−5
    ['America/New_York', '2026-10-30 09:14:02', '2026-10-30T13:14:02.000Z'], // still EDT, UTC−4
    ['Asia/Tokyo', '2026-11-03 09:14:02', '2026-11-03T00:14:02.000Z'], // UTC+9
    ['Europe/London', '2026-07-01 12:00:00', '2026-07-01T11:00:00.000Z'], // BST, UTC+1
    ['UTC', '2026-11-03 09:14', '2026-11-03T09:14:00.000Z'],
    ['UTC+02:00', '2026-11-03 09:14:02', '2026-11-03T07:14:02.000Z'],
    ['GMT-5', '2026-11-03 09:14:02', '2026-11-03T14:14:02.000Z'],
  ])('(%s) %s is %s', (zone, wall, iso) => {
    const read = readBilledList(csv(zone, `215467891234501,${wall}`));
    expect(read.errors).toEqual([]);
    expect(new Date(read.items[0].billedAt!).toISOString()).toBe(iso);
  });

  it('a time the zone skips (clocks forward at 02:00 on 2026-03-08 in New York) is refused by line', () => {
    expect(readBilledList(csv('America/New_York', '215467891234501,2026-03-08 01:59:00', '215467891234502,2026-03-08 02:30:00')).errors).toEqual([
      'line 3: Conversation started at: "2026-03-08 02:30:00" does not exist in America/New_York (the clocks went forward over it)',
    ]);
  });

  it('a time the zone has twice (01:30 on 2026-11-01 in New York) is read as the first, 05:30 UTC, and said', () => {
    const read = readBilledList(csv('America/New_York', '215467891234501,2026-11-01 01:30:00'));
    expect(new Date(read.items[0].billedAt!).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(read.warnings).toContain('line 2: Conversation started at: "2026-11-01 01:30:00" happened twice in America/New_York (the clocks went back): read as the first');
  });

  it('a header naming no zone: UTC, said once; a zone that does not exist: refused naming the header', () => {
    const noZone = readBilledList('Conversation ID,Conversation started at,Fin AI Agent resolution state\n215467891234501,2026-11-03 09:14:02,Assumed Resolution\n');
    expect(new Date(noZone.items[0].billedAt!).toISOString()).toBe('2026-11-03T09:14:02.000Z');
    expect(noZone.warnings).toContain('line 1: "Conversation started at" names no time zone: its times are read as UTC');
    expect(readBilledList(csv('Mars/Olympus_Mons', '215467891234501,2026-11-03 09:14:02')).errors[0]).toMatch(/^line 1: Conversation started at \(Mars\/Olympus_Mons\): "Mars\/Olympus_Mons" is not a time zone/);
  });

  it('a time written with its own offset is taken as written', () => {
    expect(parseZonedTime('2026-11-03T09:14:02+02:00', 'Asia/Tokyo')).toEqual({ at: Date.parse('2026-11-03T07:14:02Z'), ambiguous: false });
    expect(zoneOfHeader('Started (UTC+14:30)')).toEqual({ error: '"UTC+14:30" is not a UTC offset' });
  });
});

describe(`other billed lists' times (this run: TZ=${process.env.TZ ?? 'unset'})`, () => {
  // Hand-worked: a time with no zone is read as UTC; one with its own offset as written.
  it.each([
    ['2026-11-22 12:00:00', '2026-11-22T12:00:00.000Z'],
    ['2026-11-22T12:00:00', '2026-11-22T12:00:00.000Z'],
    ['2026-11-22T12:00:00Z', '2026-11-22T12:00:00.000Z'],
    ['2026-11-22T12:00:00.000+0000', '2026-11-22T12:00:00.000Z'],
    ['2026-11-22T14:00:00+02:00', '2026-11-22T12:00:00.000Z'],
    ['2026-11-22', '2026-11-22T00:00:00.000Z'],
    ['Sun, 22 Nov 2026 12:00:00 GMT', '2026-11-22T12:00:00.000Z'],
  ])('an Ada export dated %s is %s', (created, iso) => {
    const read = readBilledList(`conversation_id,date_created,automated_resolution_classification\nc-1,"${created}",Resolved\n`, 'ada-csv');
    expect(read.errors).toEqual([]);
    expect(new Date(read.items[0].billedAt!).toISOString()).toBe(iso);
  });

  it('a date whose day and month cannot be told apart is refused by line, not guessed in the local zone', () => {
    expect(readBilledList('conversation_id,date_created,automated_resolution_classification\nc-1,11/03/2026 09:14,Resolved\n', 'ada-csv').errors).toEqual(['line 2: date_created: not a date']);
  });
});
