// The nonce of this response's Content-Security-Policy, for the inline scripts the page frame
// and Remix write. On the client it is "": browsers hide a nonce from the page once applied.
import { createContext, useContext } from "react";

const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
