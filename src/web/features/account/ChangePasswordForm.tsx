import { LockOutlined } from "@ant-design/icons";
import { App, Button, Card, Form, Input } from "antd";
import { useState } from "react";
import { api } from "../../api/client.js";
import { showFormError } from "../../components/formErrors.js";
import { passwordIcon } from "../../components/quietIcons.js";
import { NewPasswordFields } from "./NewPasswordFields.js";

interface Values {
  currentPassword: string;
  newPassword: string;
}

/** Alterar senha: the current password is required; every other session ends. */
export function ChangePasswordForm() {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);

  async function onFinish(v: Values) {
    setSaving(true);
    try {
      await api.post("/api/account/password", {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
      });
      form.resetFields();
      message.success("Senha alterada. As outras sessões foram encerradas.");
    } catch (e) {
      showFormError(form, e, (m) => message.error(m));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card style={{ maxWidth: 480 }}>
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item
          label="Senha atual"
          name="currentPassword"
          rules={[{ required: true, message: "Informe a senha atual" }]}
        >
          <Input.Password
            iconRender={passwordIcon}
            prefix={<LockOutlined aria-hidden />}
            autoComplete="current-password"
          />
        </Form.Item>
        <NewPasswordFields name="newPassword" label="Nova senha" />
        <Button type="primary" htmlType="submit" loading={saving}>
          Alterar senha
        </Button>
      </Form>
    </Card>
  );
}
