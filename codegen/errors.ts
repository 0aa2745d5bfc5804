/** Errors of the code generator. Every one names the WSDL file and line it is about. */
export class CodegenError extends Error {
  override readonly name = 'CodegenError';
  readonly file: string;
  readonly line: number;

  constructor(message: string, where: { file: string; line: number }) {
    super(`${where.file}:${where.line}: ${message}`);
    this.file = where.file;
    this.line = where.line;
  }
}
