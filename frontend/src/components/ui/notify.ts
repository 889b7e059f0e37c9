import { notifications } from '@mantine/notifications';

/** Every change confirms itself with a short notification. */
export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'teal', title, message, autoClose: 5000 });
}

export function notifyError(message: string, title = "That didn't work"): void {
  notifications.show({ color: 'red', title, message, autoClose: 8000 });
}

/** Something that happened elsewhere and changed what this person can do: stays until closed. */
export function notifyNotice(message: string, title: string, id?: string): void {
  notifications.show({ id, color: 'yellow', title, message, autoClose: false });
}
