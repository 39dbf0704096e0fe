// JSX typings of <audian-billing-widget> for React 19: `import "audian-billing/widget/react"`
// (which also defines the element) adds it to React's JSX.IntrinsicElements. A separate entry,
// so that only React users load @types/react.
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { AuthToken, BillingClient } from "../audian_billing.js";
import type {
  AudianBillingErrorEvent,
  AudianBillingLoadEvent,
  AudianBillingTheme,
  AudianBillingUnauthorizedEvent,
  AudianBillingWidget,
} from "./audian-billing-widget.js";

export * from "./audian-billing-widget.js";

/**
 * Props of <audian-billing-widget> in React 19 (properties, attributes and `on<event>` listeners).
 * A `ref` gives the element itself: `await ref.current?.loaded` waits for its load to settle.
 */
export interface AudianBillingWidgetProps extends DetailedHTMLProps<HTMLAttributes<AudianBillingWidget>, AudianBillingWidget> {
  /** Set as a property by React 19 once the element is defined (import this module before rendering). */
  authToken?: AuthToken | null | undefined;
  client?: BillingClient | null | undefined;
  "base-url"?: string | undefined;
  "account-id"?: string | undefined;
  currency?: string | undefined;
  locale?: string | undefined;
  "page-size"?: number | string | undefined;
  months?: number | string | undefined;
  "payment-methods-url"?: string | undefined;
  timeout?: number | string | undefined;
  retries?: number | string | undefined;
  sections?: string | undefined;
  theme?: AudianBillingTheme | undefined;
  "hide-header"?: boolean | undefined;
  class?: string | undefined;
  "onaudian-billing-load"?: ((event: AudianBillingLoadEvent) => void) | undefined;
  "onaudian-billing-error"?: ((event: AudianBillingErrorEvent) => void) | undefined;
  "onaudian-billing-unauthorized"?: ((event: AudianBillingUnauthorizedEvent) => void) | undefined;
}

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "audian-billing-widget": AudianBillingWidgetProps;
    }
  }
}
