/** The exit codes of the command-line contract (docs/cli.md, "Output and exit codes"). */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  tryAgainLater: 75,
} as const;
