export type DemoCredentialsProps = {
  /** Also say what the demo provider is (first screen), or only the login (later screens). */
  explain?: boolean;
};

export const DemoCredentials = ({ explain = false }: DemoCredentialsProps) => (
  <p className="demo-credentials">
    {explain && 'A local test provider that runs on this computer, for trying the app. '}
    Demo login: <kbd>demo</kbd> / <kbd>demo</kbd>
  </p>
);
