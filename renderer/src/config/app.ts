/** The product's name as people see it (package.json `productName`). */
export const APP_NAME = 'OIDC Desktop Sign-in';
