declare const __WEB__: boolean;
