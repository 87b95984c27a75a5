/** A stdout/stderr stand-in for the command line's tests: keeps what was written, not a TTY. */
export class Capture {
  text = '';
  isTTY = false;
  write(s: string) {
    this.text += s;
    return true;
  }
}
