/** Prefixes that bundlers and frameworks inline into client code, longest first. */
const PUBLIC_ENV_PREFIXES: readonly { prefix: string; framework: string }[] = [
  { prefix: "NEXT_PUBLIC_", framework: "Next.js" },
  { prefix: "NUXT_PUBLIC_", framework: "Nuxt" },
  { prefix: "EXPO_PUBLIC_", framework: "Expo" },
  { prefix: "REACT_APP_", framework: "Create React App" },
  { prefix: "GATSBY_", framework: "Gatsby" },
  { prefix: "VITE_", framework: "Vite" },
  { prefix: "PUBLIC_", framework: "SvelteKit and Astro" },
];

/** The public prefix of an env var name, and the framework that inlines it. */
export function publicPrefixOf(name: string): { prefix: string; framework: string } | undefined {
  return PUBLIC_ENV_PREFIXES.find((entry) => name.startsWith(entry.prefix));
}
