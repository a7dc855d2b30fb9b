/** The commands, as `agoras help` lists them and as unknown ones are matched against. */
export const COMMANDS: readonly (readonly [name: string, summary: string])[] = [
  ['publish', "post a video, photos, a feed or the schedule (the seed's actions)"],
  ['accounts', 'list saved accounts, checked live; remove NAME; default NAME'],
  ['status', "TikTok's status of a post by its publish ID; --wait for the end"],
  ['history', 'what this machine posted, with publish IDs and statuses'],
  ['store', 'where accounts and the ledger live: status; migrate --to URL'],
  ['sandbox', 'run the built-in TikTok emulator in the foreground'],
  ['completion', 'print a shell completion script: bash, zsh or fish'],
  ['help', 'show help for a command'],
];
