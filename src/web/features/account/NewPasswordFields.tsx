import { LockOutlined } from "@ant-design/icons";
import { Form, Input } from "antd";
import type { ReactNode } from "react";
import { passwordSchema } from "../../../shared/api.js";
import { zodRule } from "../../components/formErrors.js";
import { passwordIcon } from "../../components/quietIcons.js";

/** A new password and its confirmation; the strength is checked by the server (one rule for all). */
export function NewPasswordFields({
  name,
  label,
  icon = <LockOutlined aria-hidden />,
  iconRender = passwordIcon,
}: {
  name: string;
  label: string;
  icon?: ReactNode;
  iconRender?: typeof passwordIcon;
}) {
  return (
    <>
      <Form.Item
        label={label}
        name={name}
        extra="Prefira uma frase longa com palavras incomuns; senhas fáceis de adivinhar são recusadas."
        rules={[{ required: true, message: "Informe a senha" }, zodRule(passwordSchema)]}
      >
        <Input.Password iconRender={iconRender} prefix={icon} autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="Confirmar senha"
        name={`${name}Confirm`}
        dependencies={[name]}
        rules={[
          { required: true, message: "Confirme a senha" },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue(name)
                ? Promise.resolve()
                : Promise.reject(new Error("As senhas não conferem")),
          }),
        ]}
      >
        <Input.Password iconRender={iconRender} prefix={icon} autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
