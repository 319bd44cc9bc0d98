/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single fetch (future.v3_singleFetch in remix.config.js) changes how loader data is typed.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
export {};
