// Vite's `?inline` imports (vite.main.config.ts bundles the asset as a data: URL).
declare module '*.png?inline' {
  const dataUrl: string;
  export default dataUrl;
}
