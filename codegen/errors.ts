/** Errors of the code generator. Every one names the WSDL file and line it is about. */
export class CodegenError extends Error {
  override readonly name = 'CodegenError';
  readonly file: string;
  readonly line: number;
  /** The message without its `file:line: ` prefix. */
  readonly reason: string;

  constructor(reason: string, where: { file: string; line: number }) {
    super(`${where.file}:${where.line}: ${reason}`);
    this.file = where.file;
    this.line = where.line;
    this.reason = reason;
  }

  /** The same error, located in `file` (e.g. the path the user gave instead of its base name). */
  in(file: string): CodegenError {
    return new CodegenError(this.reason, { file, line: this.line });
  }
}
