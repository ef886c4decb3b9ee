// Bad input to the admin API, the network file or the in-process control: every issue found, named by
// field, so one 400 problem+json tells the caller all that is wrong.
export class InputError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.join('; '));
    this.name = 'InputError';
  }
}
