export type DemoCredentialsProps = {
  /** Also say what the demo provider is (first screen), or only the login (later screens). */
  explain?: boolean;
};

export const DemoCredentials = ({ explain = false }: DemoCredentialsProps) => (
  <p className="demo-credentials">
    {explain && 'A local test provider that runs on this computer, for trying the app. '}
    Demo logins: <kbd>demo</kbd> / <kbd>demo</kbd>, and <kbd>demo2</kbd> / <kbd>demo2</kbd> for a second account
  </p>
);
