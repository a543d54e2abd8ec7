import { mapClaims } from './oidc';

const config = {
  issuer: 'https://login.gov.example',
  jwksUrl: 'https://login.gov.example/jwks',
  rolesClaim: 'realm_access.roles',
  departmentsClaim: 'org',
  usernameClaim: 'preferred_username',
  roleMap: { 'gov-citizen': 'applicant', 'gov-clerk': 'counter_clerk' },
  departmentMap: { 'HRSS-01': 'hrss' },
};

describe('OIDC claim mapping', () => {
  it('maps roles through the role map, keeps Onething role names, and drops the rest', () => {
    const identity = mapClaims(
      {
        iss: config.issuer,
        sub: 's-1',
        preferred_username: 'li.si',
        realm_access: { roles: ['gov-citizen', 'auditor', 'offline_access', 'gov-citizen'] },
        org: 'HRSS-01 tax',
      },
      config,
    );
    expect(identity).toEqual({
      issuer: config.issuer,
      subject: 's-1',
      username: 'li.si',
      roles: ['applicant', 'auditor'],
      departments: ['hrss', 'tax'],
    });
  });

  it('falls back to the subject for the name, and to no roles when the claim is missing', () => {
    expect(mapClaims({ iss: config.issuer, sub: 's-2' }, config)).toMatchObject({
      username: 's-2',
      roles: [],
      departments: [],
    });
  });
});
