import { notifications } from '@mantine/notifications';

/** Every change confirms itself with a short notification. */
export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'teal', title, message, autoClose: 5000 });
}

export function notifyError(message: string, title = "That didn't work"): void {
  notifications.show({ color: 'red', title, message, autoClose: 8000 });
}
