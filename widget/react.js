// `audian-billing/widget/react`: the same element (this import defines it); its .d.ts adds the
// JSX typings for React 19.
export * from "./audian-billing-widget.js";
