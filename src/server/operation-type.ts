/** The operation names used in logs, metrics and diagnostics events. */
export const OperationType = {
  bind: 'bind',
  unbind: 'unbind',
  search: 'search',
  modify: 'modify',
  add: 'add',
  delete: 'delete',
  modifyDN: 'modifyDN',
  compare: 'compare',
  abandon: 'abandon',
  extended: 'extended',
} as const;

export type OperationType = (typeof OperationType)[keyof typeof OperationType];
