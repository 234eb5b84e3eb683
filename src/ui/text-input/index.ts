export { TextInput, type TextInputProps } from './text-input.js';
export { textInputReducer, useTextInputState, type TextInputAction, type TextInputState } from './use-text-input-state.js';
