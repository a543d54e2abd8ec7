import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePageTitle } from '../../ui/usePageTitle';
import { QueryState } from '../components/QueryState';
import { ApplyNav } from '../components/ApplyNav';
import { useCatalog } from '../queries';

/** What may be applied for: one card per one-thing, with the departments it involves. */
export function CatalogPage() {
  const { t } = useTranslation('apply');
  usePageTitle(t('catalog.title'));
  const catalog = useCatalog();
  return (
    <Stack>
      <ApplyNav />
      <Title order={1}>{t('catalog.title')}</Title>
      <Text c="dimmed">{t('catalog.intro')}</Text>
      <QueryState query={catalog}>
        {(page) =>
          page.items.length === 0 ? (
            <Text>{t('catalog.empty')}</Text>
          ) : (
            <SimpleGrid
              cols={{ base: 1, sm: 2 }}
              component="ul"
              style={{ listStyle: 'none', padding: 0, margin: 0 }}
            >
              {page.items.map((entry) => (
                <Card key={entry.key} withBorder component="li" padding="md">
                  <Stack gap="xs">
                    <Title order={2} size="h3">
                      <Anchor component={Link} to={`/apply/catalog/${entry.key}`}>
                        {entry.title}
                      </Anchor>
                    </Title>
                    <Text size="sm">{entry.description}</Text>
                    <Group gap={6} aria-label={t('catalog.departments')}>
                      {entry.departments.map((department) => (
                        <Badge key={department.code} variant="light" color="gray" c="dark">
                          {department.name}
                        </Badge>
                      ))}
                    </Group>
                  </Stack>
                </Card>
              ))}
            </SimpleGrid>
          )
        }
      </QueryState>
    </Stack>
  );
}
