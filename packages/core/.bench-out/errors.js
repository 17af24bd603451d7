export class GodwitError extends Error {
    name = 'GodwitError';
    code;
    file;
    line;
    column;
    hint;
    version;
    data;
    constructor(code, message, details = {}) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.code = code;
        if (details.file !== undefined)
            this.file = details.file;
        if (details.line !== undefined)
            this.line = details.line;
        if (details.column !== undefined)
            this.column = details.column;
        if (details.hint !== undefined)
            this.hint = details.hint;
        if (details.version !== undefined)
            this.version = details.version;
        if (details.data !== undefined)
            this.data = details.data;
    }
    /** `where` as `file:line:col` (as much of it as is known), or undefined. */
    get where() {
        if (!this.file)
            return undefined;
        let w = this.file;
        if (this.line !== undefined)
            w += `:${this.line}`;
        if (this.line !== undefined && this.column !== undefined)
            w += `:${this.column}`;
        return w;
    }
    /** One line: `file:line:col: message`. The hint is separate so callers can place it. */
    toString() {
        const where = this.where;
        return where ? `${where}: ${this.message}` : this.message;
    }
    toJSON() {
        return {
            code: this.code,
            message: this.message,
            ...(this.file !== undefined && { file: this.file }),
            ...(this.line !== undefined && { line: this.line }),
            ...(this.column !== undefined && { column: this.column }),
            ...(this.version !== undefined && { version: this.version }),
            ...(this.hint !== undefined && { hint: this.hint }),
            ...(this.data !== undefined && { data: this.data }),
        };
    }
}
export function isGodwitError(e) {
    return e instanceof GodwitError;
}
/** Wrap anything thrown into a GodwitError, keeping an existing one as is. */
export function toGodwitError(e, code, details = {}) {
    if (e instanceof GodwitError)
        return e;
    const message = e instanceof Error ? e.message : String(e);
    return new GodwitError(code, message, { ...details, cause: e });
}
