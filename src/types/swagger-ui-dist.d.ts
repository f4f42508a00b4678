declare module 'swagger-ui-dist' {
  /** Folder holding swagger-ui.css and swagger-ui-bundle.js. */
  export function absolutePath(): string;
}
