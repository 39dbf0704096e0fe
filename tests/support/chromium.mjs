// Debian's Chromium, as every browser suite here launches it (playwright-core never downloads
// a browser on these machines). Without the background-networking flags Chromium keeps trying
// hosts this machine cannot reach.
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
