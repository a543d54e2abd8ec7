import { defineConfig, type DefaultTheme } from 'vitepress';

// The documentation site: `npm run docs:build` (CI builds it before the tests; VitePress fails the build on
// a dead link, which is what keeps the links honest). English at /, Simplified Chinese at /zh-CN/ for the
// pages Chinese administrators read first; the rest of the zh-CN sidebar links to the English pages.

const english: DefaultTheme.SidebarItem[] = [
  {
    text: 'Start',
    items: [
      { text: 'Getting started', link: '/getting-started' },
      { text: 'Tutorial: your first one-thing', link: '/tutorial/first-one-thing' },
      { text: 'Concepts', link: '/concepts/' },
      { text: 'The case lifecycle', link: '/concepts/case-lifecycle' },
      { text: 'Proactive cases and pledges', link: '/concepts/proactive-and-pledge' },
    ],
  },
  {
    text: 'Using the web application',
    items: [
      { text: 'The web application', link: '/guides/web-app' },
      { text: 'Applicants', link: '/guides/applicants' },
      { text: 'Department workers', link: '/guides/department-workers' },
      { text: 'Administrator console', link: '/guides/administrator-console' },
      { text: 'Operations view', link: '/guides/operations-view' },
    ],
  },
  {
    text: 'For administrators',
    items: [
      { text: 'Writing and publishing a one-thing', link: '/administrators/one-things' },
      { text: 'Departments and users', link: '/administrators/departments-and-users' },
      { text: 'Connectors', link: '/administrators/connectors' },
      { text: 'The working calendar', link: '/administrators/working-calendar' },
    ],
  },
  {
    text: 'For department systems',
    items: [
      { text: 'The connector protocol', link: '/department-systems/connector-protocol' },
      { text: 'API credentials', link: '/department-systems/api-credentials' },
      { text: 'Webhooks', link: '/department-systems/webhooks' },
    ],
  },
  {
    text: 'For operators',
    items: [
      { text: 'Configuration', link: '/operators/configuration' },
      { text: 'Production topology', link: '/operators/production' },
      { text: 'Deployment', link: '/operators/deployment' },
      { text: 'Observability', link: '/operators/observability' },
      { text: 'When something is down', link: '/operators/when-something-is-down' },
      { text: 'Upgrades', link: '/operators/upgrades' },
      { text: 'Backups', link: '/operators/backups' },
    ],
  },
  {
    text: 'Reference',
    items: [
      { text: 'Definition language', link: '/reference/definition-language' },
      { text: 'Validator issue codes', link: '/reference/validator-issues' },
      { text: 'Errors, lists and OpenAPI', link: '/reference/http-api' },
      { text: 'Pagination and the access trail', link: '/reference/pagination-and-trail' },
      { text: 'Cases, the worklist and tasks', link: '/reference/cases-and-tasks' },
      { text: 'Identity and access', link: '/reference/identity-and-access' },
      { text: 'The access trail and the verifiable result', link: '/reference/access-trail-and-results' },
      { text: 'Uploads', link: '/reference/uploads' },
      { text: 'The text policy', link: '/reference/text-policy' },
    ],
  },
  {
    text: 'Contributing',
    items: [
      { text: 'Repository layout', link: '/contributing/layout' },
      { text: 'How a case flows through the code', link: '/contributing/case-flow' },
      { text: 'Tests', link: '/contributing/tests' },
      { text: 'Benchmarks', link: '/contributing/benchmarks' },
    ],
  },
];

const chinese: DefaultTheme.SidebarItem[] = [
  {
    text: '入门',
    items: [
      { text: '快速开始', link: '/zh-CN/getting-started' },
      { text: '教程：第一个一件事', link: '/zh-CN/tutorial/first-one-thing' },
      { text: '核心概念', link: '/zh-CN/concepts/' },
    ],
  },
  {
    text: '管理员',
    items: [
      { text: '编写与发布一件事', link: '/zh-CN/administrators/' },
      { text: '定义语言参考', link: '/zh-CN/reference/definition-language' },
      { text: '校验问题代码（英文）', link: '/reference/validator-issues' },
      { text: '部门与用户（英文）', link: '/administrators/departments-and-users' },
      { text: '连接器（英文）', link: '/administrators/connectors' },
      { text: '工作日历（英文）', link: '/administrators/working-calendar' },
    ],
  },
  {
    text: 'English',
    items: [{ text: 'All documentation', link: '/' }],
  },
];

export default defineConfig({
  title: 'Onething',
  description: 'An open-source orchestrator for multi-department government one-thing (一件事) cases',
  cleanUrls: true,
  lastUpdated: false,
  // The generated pages and stubs written by other work in progress are real pages; nothing is excluded.
  srcExclude: ['**/README.md'],
  locales: {
    root: {
      label: 'English',
      lang: 'en',
      themeConfig: { nav: [{ text: 'Guide', link: '/getting-started' }], sidebar: english },
    },
    'zh-CN': {
      label: '简体中文',
      lang: 'zh-CN',
      link: '/zh-CN/',
      themeConfig: {
        nav: [{ text: '指南', link: '/zh-CN/getting-started' }],
        sidebar: chinese,
        outline: { label: '本页目录' },
        docFooter: { prev: '上一页', next: '下一页' },
      },
    },
  },
  themeConfig: {
    search: { provider: 'local' },
  },
});
