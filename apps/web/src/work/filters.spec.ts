/// <reference types="jest" />
import { filtersFromSearch, withFilter } from './filters';

describe('the queue filters in the address bar', () => {
  it('defaults to open tasks and keeps only known values', () => {
    expect(filtersFromSearch(new URLSearchParams(''))).toEqual({ status: 'open' });
    const filters = filtersFromSearch(
      new URLSearchParams(
        'status=any&sla=breached&assignee=me&oneThing=talent-housing&submittedFrom=2026-11-01&submittedTo=nope&sort=created&priority=high',
      ),
    );
    expect(filters).toEqual({
      sla: 'breached',
      assignee: 'me',
      oneThing: 'talent-housing',
      submittedFrom: '2026-11-01',
      sort: 'created',
    });
  });

  it('drops a filter set to the empty value', () => {
    const search = withFilter(new URLSearchParams('sla=paused&assignee=me'), 'sla', '');
    expect(search.toString()).toBe('assignee=me');
    expect(withFilter(search, 'status', 'any').get('status')).toBe('any');
  });
});
