/** The client side of google.script (HtmlService pages); @types/google-apps-script covers only the server. */
declare namespace google.script {
  interface Runner {
    withSuccessHandler(handler: (value: unknown) => void): Runner;
    withFailureHandler(handler: (error: unknown) => void): Runner;
    [server: string]: unknown;
  }
  const run: Runner;
  const host: { close(): void; editor: { focus(): void } };
}
