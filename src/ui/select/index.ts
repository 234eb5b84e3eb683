export { Select, type SelectItem, type SelectProps } from './select.js';
export { selectReducer, useSelectState, type SelectAction, type SelectState } from './use-select-state.js';
